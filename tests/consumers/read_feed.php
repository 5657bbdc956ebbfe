<?php
// One feed file read by SimplePie (the parser WordPress uses), from Debian's libphp-simplepie (1.3.1);
// prints what it hands out, as JSON. Usage: php read_feed.php FEED.xml  (tests/test_consumers.py runs it)
//
// The shim: SimplePie 1.3.1's date parser fails on PHP 8 with a TypeError on every date: it calls
// implode() with its arguments in the old order, and divides the empty string of a missing fraction of a
// second. SimplePie lets a site register its own date parser class (its registry); this one builds the
// same patterns with implode's arguments in order, and reads W3C-DTF dates (Atom's) as 1.3.1 does, with
// the empty fields as numbers. No other behaviour changes.
error_reporting(E_ALL & ~E_DEPRECATED & ~E_NOTICE & ~E_WARNING);
require_once '/usr/share/php/simplepie/autoloader.php';

class I18nPubParseDate extends SimplePie_Parse_Date
{
    public function __construct()
    {
        $this->day_pcre = '(' . implode('|', array_keys($this->day)) . ')';
        $this->month_pcre = '(' . implode('|', array_keys($this->month)) . ')';
        foreach (get_class_methods($this) as $method) {
            if (strtolower(substr($method, 0, 5)) === 'date_') {
                $this->built_in[] = $method;
            }
        }
    }

    public function date_w3cdtf($date)
    {
        $pattern = '/^([0-9]{4})(?:-?([0-9]{2})(?:-?([0-9]{2})(?:[Tt\x09\x20]+([0-9]{2})(?::?([0-9]{2})(?::?([0-9]{2})'
            . '(?:.([0-9]*))?)?)?(?:(Z)|([+\-])([0-9]{1,2}):?([0-9]{1,2}))?)?)?)?$/';
        if (!preg_match($pattern, $date, $match)) {
            return false;
        }
        $field = function ($i, $default) use ($match) {
            return isset($match[$i]) && $match[$i] !== '' ? (int) $match[$i] : $default;
        };
        $timezone = 0;
        if (isset($match[9]) && $match[9] !== '') {
            $timezone = $field(10, 0) * 3600 + $field(11, 0) * 60;
            $timezone = $match[9] === '-' ? -$timezone : $timezone;
        }
        $fraction = isset($match[7]) && $match[7] !== '' ? (int) $match[7] / pow(10, strlen($match[7])) : 0;
        $second = (int) round($field(6, 0) + $fraction);
        return gmmktime($field(4, 0), $field(5, 0), $second, $field(2, 1), $field(3, 1), $field(1, 1970)) - $timezone;
    }

    public static function get()
    {
        static $object;
        if (!$object) {
            $object = new I18nPubParseDate();
        }
        return $object;
    }
}

$feed = new SimplePie();
$feed->registry->register('Parse_Date', 'I18nPubParseDate');
$feed->set_raw_data(file_get_contents($argv[1]));
$feed->enable_cache(false);
$feed->enable_order_by_date(false);
$feed->init();
$entries = [];
foreach ($feed->get_items() as $item) {
    $disclaimer = $item->get_item_tags('https://i18n-pub.org/ns/translation/1.0', 'disclaimer');
    $updated = $item->get_item_tags('http://www.w3.org/2005/Atom', 'updated');
    $entries[] = [
        'id' => $item->get_id(),
        'link' => $item->get_permalink(),
        'title' => $item->get_title(),
        'published' => $item->get_gmdate('Y-m-d\TH:i:s\Z'),
        'updated' => $updated ? gmdate('Y-m-d\TH:i:s\Z', I18nPubParseDate::get()->parse($updated[0]['data'])) : null,
        'content' => $item->get_content(true),
        'language' => null,  // SimplePie 1.3.1 reports the language of the feed only
        'disclaimer' => $disclaimer ? $disclaimer[0]['data'] : null,
    ];
}
echo json_encode(['error' => $feed->error(), 'language' => $feed->get_language(), 'entries' => $entries], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
