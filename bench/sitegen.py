"""A synthetic news site in the sample site's style: N articles, every sentence unique.

Deterministic for a given N and seed, so two runs measure the same text. The
articles look like ``sources/*.md``: front matter (title, date, summary,
author, tags), paragraphs, a bullet list, emphasis, a link, honorifics and
initials (``H.E. Dr. Salim M. AlMalik``), dates and numbers.

    python bench/sitegen.py OUT_DIR --articles 1000
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ORGS = [
    "ICESCO", "the Arab Bank for Economic Development in Africa (BADEA)", "the Islamic Development Bank",
    "the World Health Organization", "UNESCO", "the Agence universitaire de la Francophonie (AUF)",
    "the African Union", "the League of Arab States", "the Organisation of Islamic Cooperation",
    "the International Labour Organization", "UNICEF", "the World Bank",
    "the Arab League Educational, Cultural and Scientific Organization",
]
PARTNERS = ["BADEA", "the IsDB", "WHO", "UNESCO", "the AUF", "the African Union", "UNICEF", "the World Bank", "ALECSO", "the OIC"]
HONORIFICS = ["Dr.", "Mr.", "Mrs.", "Ms.", "Prof.", "H.E. Dr.", "H.E. Mr.", "H.E. Ms."]
FIRST = ["Salim", "Ahmed", "Fatima", "Kamal", "Amina", "Youssef", "Layla", "Omar", "Nadia", "Karim", "Samira",
         "Hassan", "Mariam", "Ibrahim", "Zainab", "Tariq", "Aisha", "Bilal", "Hana", "Mustafa", "Leila", "Rachid"]
INITIALS = ["", "", "M. ", "A. ", "J. ", "K. ", "S. "]
LAST = ["AlMalik", "Ould Bah", "Ben Youssef", "Alaoui", "Haddad", "El Amrani", "Diallo", "Traore", "Khalbous",
        "Benali", "Saleh", "Nasser", "Kone", "Farouk", "Mansour", "Toure", "Rahman", "Idrissi", "Sow", "Qasim"]
ROLES = ["Director-General of ICESCO", "Deputy Director-General of ICESCO", "Director of Operations at BADEA",
         "Minister of Education", "Secretary-General of the National Commission", "Rector of the university",
         "Head of the Culture Sector", "Director of the Science Sector", "Ambassador to the Kingdom of Morocco",
         "President of the Youth Network"]
COUNTRIES = ["Morocco", "Senegal", "Egypt", "Jordan", "Tunisia", "Mali", "Niger", "Chad", "Indonesia", "Malaysia",
             "Pakistan", "Nigeria", "Guinea", "Mauritania", "Oman", "Qatar", "Kuwait", "Bahrain", "Uganda", "Sudan",
             "Cameroon", "Benin", "Togo", "Gabon", "Djibouti", "Comoros", "Albania", "Azerbaijan", "Kazakhstan", "Iraq"]
CITIES = ["Rabat", "Dakar", "Cairo", "Amman", "Tunis", "Bamako", "Niamey", "Jakarta", "Kuala Lumpur", "Islamabad",
          "Abuja", "Conakry", "Nouakchott", "Muscat", "Doha", "Baku", "Kampala", "Khartoum", "Yaounde", "Cotonou"]
TOPICS = ["literacy", "digital skills", "heritage preservation", "science education", "girls' education",
          "renewable energy research", "teacher training", "early childhood education", "artificial intelligence",
          "water management", "public health", "cultural diversity", "vocational training", "climate adaptation",
          "distance learning", "youth entrepreneurship", "intercultural dialogue", "manuscript conservation",
          "food security", "sports for development"]
EVENTS = ["conference", "workshop", "forum", "seminar", "training course", "summit", "round table", "webinar",
          "exhibition", "symposium"]
GROUPS = ["young people", "teachers", "researchers", "women entrepreneurs", "students", "journalists",
          "museum curators", "health workers", "school principals", "civil society organizations", "local authorities"]
VERBS = ["stressed", "noted", "announced", "recalled", "explained", "emphasized", "underlined", "pointed out"]
ADJECTIVES = ["new", "joint", "regional", "national", "pilot", "three-year", "ambitious", "innovative", "long-term"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]

SENTENCES = [
    "{person}, {role}, {verb} that {topic} remains a priority for {country} and its partners.",
    "The {event} on {topic} was held in {city} on {month} {day}, {year}, with {n} participants from {k} countries.",
    "{org} will provide a grant of {money} million dollars over {k} years to support {topic} in {country}.",
    "Participants discussed how {topic} can help {group} in {country} face the challenges of the coming decade.",
    "{person} {verb} that nearly {pct} percent of {group} in {country} still lack access to {topic}.",
    "The {adj} programme will train {n} {group} in {k} member states, starting with {country} and {country2}.",
    "A steering committee will meet twice a year in {city} to review progress on {topic} and report to {partner}.",
    "According to a survey of {n} {group}, {pct} percent consider {topic} essential for their future.",
    "{org} and {partner} agreed to set up a {adj} committee on {topic} that will meet in {city} every {k} months.",
    "The agreement signed in {city} is valid for {k} years and covers {topic} and {topic2}.",
    "In his closing remarks, {person} thanked {partner} for its support to {group} in {country}.",
    "In her speech, {person} {verb} that {topic2} and {topic} go hand in hand for {group}.",
    "The first {event} of the series will take place in {city} in {month} {year}, at the invitation of {country}.",
    "More than {n} {group} have already benefited from the {adj} initiative on {topic} launched in {year}.",
    "The {event} ended with the adoption of the {city} Declaration on {topic}, which calls on member states to act.",
    "{person} {verb} that the Organization's new strategy places {topic} at the heart of its work in {country}.",
    "{org} has allocated {money} million dollars to {topic} projects in {country} and {country2} since {year}.",
    "The report, prepared by {k} experts from {country}, recommends investing in {topic} and in {topic2}.",
    "Representatives of {partner} visited {k} schools in {city} to assess the needs of {group}.",
    "The training sessions on {topic} will be delivered in Arabic, French and English to {n} {group}.",
]
INTROS = ["The {adj} programme in {country} has three components:", "The {event} in {city} in {year} had three goals:"]
LIST_ITEMS = [
    "**{Topic}** for {group} in {country}.",
    "**Training of {group}** in modern methods of {topic}.",
    "**A {adj} network** of centres in {city} and {city2}.",
    "**Grants of up to {money} million dollars** for projects on {topic}.",
]
TITLES = [
    "{Partner_title} and ICESCO Launch {Adj} Programme on {Topic} in {country}",
    "{City} Hosts {Event} on {Topic} with {n} Participants",
    "ICESCO Signs Agreement with {country} to Promote {Topic}",
    "{Adj} {Event} on {Topic} Opens in {city}",
]
TAGS = ["education", "science", "culture", "youth", "health", "cooperation", "heritage", "africa", "women", "innovation"]


@dataclass(frozen=True)
class GeneratedArticle:
    slug: str
    text: str  # the whole .md file
    blocks: tuple[str, ...]  # title, summary and every text block, as a plain pipeline would see them
    sentences: tuple[str, ...]  # every sentence, in order


class _Writer:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seen: set[str] = set()

    def person(self) -> str:
        r = self.rng
        return f"{r.choice(HONORIFICS)} {r.choice(FIRST)} {r.choice(INITIALS)}{r.choice(LAST)}"

    def slots(self) -> dict[str, str]:
        r = self.rng
        topic, topic2 = r.sample(TOPICS, 2)
        country, country2 = r.sample(COUNTRIES, 2)
        city, city2 = r.sample(CITIES, 2)
        partner = r.choice(PARTNERS)
        return {
            "person": self.person(), "role": r.choice(ROLES), "verb": r.choice(VERBS), "topic": topic, "topic2": topic2,
            "Topic": topic[0].upper() + topic[1:], "country": country, "country2": country2, "city": city,
            "city2": city2, "City": city, "event": r.choice(EVENTS), "Event": r.choice(EVENTS).title(),
            "org": r.choice(ORGS), "partner": partner,
            "Partner_title": partner.removeprefix("the ").upper() if len(partner) < 6 else partner.removeprefix("the "),
            "group": r.choice(GROUPS), "adj": r.choice(ADJECTIVES), "Adj": r.choice(ADJECTIVES).title(),
            "month": r.choice(MONTHS), "day": str(r.randint(1, 28)), "year": str(r.randint(2015, 2024)),
            "n": f"{r.randint(20, 9000):,}", "k": str(r.randint(2, 12)), "pct": str(r.randint(10, 90)),
            "money": f"{r.randint(1, 40)}.{r.randint(1, 9)}",
        }

    def unique(self, templates: list[str]) -> str:
        tries = 0
        while True:
            text = self.rng.choice(templates).format(**self.slots())
            text = text[0].upper() + text[1:]
            tries += 1
            if tries > 50:  # a small template ran out of combinations (10,000+ articles): number it
                text = text[:-1] + f" ({len(self.seen)}){text[-1]}"
            if text not in self.seen:
                self.seen.add(text)
                return text

    def article(self, index: int) -> GeneratedArticle:
        r = self.rng
        title = self.unique(TITLES)
        summary = self.unique(SENTENCES)
        sentences = [title, summary]
        blocks = [title, summary]
        body: list[str] = []
        for paragraph in range(r.randint(3, 5)):
            lines = [self.unique(SENTENCES) for _ in range(r.randint(2, 4))]
            sentences += lines
            text = " ".join(lines)
            if paragraph == 1:
                text = text.replace(" the ", " the *", 1).replace(" and ", "* and ", 1) if " the " in text.split(" and ")[0] else text
            if paragraph == 2 and index % 3 == 0:
                link = " The [full report](https://example.org/reports/" + f"{index}.pdf) is available online."
                text += link
                sentences.append(f"The [full report](https://example.org/reports/{index}.pdf) is available online.")
            blocks.append(text)
            body.append(text)
            if paragraph == 0:
                items = [self.unique(LIST_ITEMS) for _ in range(3)]
                sentences += items
                blocks += items
                intro = self.unique(INTROS)
                body.append(intro)
                blocks.insert(len(blocks) - 3, intro)
                sentences.insert(len(sentences) - 3, intro)
                body.append("\n".join(f"- {item}" for item in items))
        published = date(2015, 1, 1) + timedelta(days=index % 3650)
        slug = f"article-{index:05d}"
        tags = ", ".join(r.sample(TAGS, 3))
        front = (
            f"---\ntitle: {_yaml(title)}\ndate: {published.isoformat()}\nsummary: {_yaml(summary)}\n"
            f"author: ICESCO Media Center\ntags: [{tags}]\n---\n"
        )
        return GeneratedArticle(slug, front + "\n\n".join(body) + "\n", tuple(blocks), tuple(sentences))


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


PYPROJECT = """\
[tool.i18n-pub]
source-language = "en"
languages = ["es"]

[tool.i18n-pub.engines]
default = "apertium"

[tool.i18n-pub.feed]
title = "ICESCO News"
base-url = "https://example.org/news"
organization = "ICESCO"
"""


def generate(out: Path, articles: int, seed: int = 8) -> list[GeneratedArticle]:
    """Write ``out/pyproject.toml`` and ``out/sources/*.md``; return what was written."""
    sources = out / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    (out / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    writer = _Writer(seed)
    made = []
    for index in range(articles):
        article = writer.article(index)
        (sources / f"{article.slug}.md").write_text(article.text, encoding="utf-8")
        made.append(article)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    made = generate(args.out, args.articles, args.seed)
    print(f"{len(made)} articles, {sum(len(a.sentences) for a in made)} sentences in {args.out}")


if __name__ == "__main__":
    main()
