"""i18n-pub: publish English news in many languages through reviewed gettext catalogs."""

__version__ = "0.1.0"
