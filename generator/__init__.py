"""gongshi: assessment spreadsheets in, a static public-disclosure site and printable boards out."""

__version__ = "0.1.0"
