"""How texts write numbers: digits with thousands separators, scale words, currency marks, number words,
fractions and 'one in five'. The one grammar that both the quote check (``quotes``: does the quote state this
value?) and ``suggest`` (which figures does this text state?) read numbers with, so a figure suggest finds in
a quote is a figure the quote check finds there too.
"""

from __future__ import annotations

import re

# Digits as texts write them: 1,040,000 or 1040000, with decimals.
# Thousands grouped by commas (4,204), or by spaces as many languages write them (4 204, with a no-break or thin
# space too); a space group is whole threes, never followed by another digit.
THOUSANDS_SPACES = "\u0020\u00a0\u2009\u202f"
DIGITS = (rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|(?<!\d)\d{{1,3}}(?:[{THOUSANDS_SPACES}]\d{{3}})+(?![\d,.]\d)|\d+(?:\.\d+)?")
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9,
          "b": 1e9, "trillion": 1e12, "tn": 1e12, "crore": 1e7, "crores": 1e7, "lakh": 1e5, "lakhs": 1e5}
# Scale words after a number ('630 million', 'US$1.2bn'); a single letter only where no word goes on ('5m').
SCALE_WORDS = r"thousand|million|billion|trillion|mln|mn|bn|tn|crores?|lakhs?"
SCALE = SCALE_WORDS + r"|[kmb](?![a-z]|[-–]\d)"  # not the K of 'K–12' (school grades)
PERCENT = r"%|percentage points?|per\s?cent|percent|pp\b"

# Currency written before or after the number, and the ISO code it stands for (longest marks first).
CURRENCY_BEFORE = [("us$", "USD"), ("usd", "USD"), ("hk$", "HKD"), ("a$", "AUD"), ("c$", "CAD"), ("cn¥", "CNY"),
                   ("rmb", "CNY"), ("cny", "CNY"), ("eur", "EUR"), ("gbp", "GBP"), ("jpy", "JPY"), ("inr", "INR"),
                   ("rs.", "INR"), ("rs", "INR"), ("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "CNY"), ("₹", "INR"),
                   ("₩", "KRW")]
CURRENCY_AFTER = {"yuan": "CNY", "renminbi": "CNY", "dollars": "USD", "us dollars": "USD", "euros": "EUR",
                  "euro": "EUR", "pounds": "GBP", "yen": "JPY", "rupees": "INR", "won": "KRW"}
# A currency mark before a number; a dollar may carry a Markdown escape ('US\$5'); 'Rs.' is India's rupee.
CURRENCY_MARK = r"(?:US|HK|A|C)?\\?\$|CN¥|RMB|CNY|USD|EUR|GBP|JPY|INR|\bRs\.?|[€£¥₹₩]"
# Codes a text may write glued to the number ('CNY179.7 billion'): lookbehinds, one per code.
GLUED_CODES = "|".join(f"(?<={code})" for code in ("CNY", "RMB", "USD", "EUR", "GBP", "JPY", "INR", "HKD"))
CURRENCY_WORD = r"yuan|renminbi|US dollars|dollars|euros?|pounds|yen|rupees|won"

WORD_VALUES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "a hundred": 100, "one hundred": 100, "a dozen": 12, "a thousand": 1000,
}
# Fractions as parts of one: 'two-thirds' is 2/3 (a share of 66.7 percent).
FRACTIONS = {"half": 1 / 2, "a third": 1 / 3, "one-third": 1 / 3, "one third": 1 / 3, "two-thirds": 2 / 3,
             "two thirds": 2 / 3, "a quarter": 1 / 4, "one-quarter": 1 / 4, "one quarter": 1 / 4,
             "three-quarters": 3 / 4, "three quarters": 3 / 4}
MULTIPLES = {"double": 2, "doubled": 2, "twice": 2, "triple": 3, "tripled": 3, "quadrupled": 4}
NUMBER_WORD = "|".join(sorted(map(re.escape, [*FRACTIONS, *WORD_VALUES]), key=len, reverse=True))
# 'one in five', '3 out of 10': a share.
ONE_IN = re.compile(r"\b(?P<a>one|two|three|four|\d+)\s(?:in|out of)\s(?P<b>two|three|four|five|six|seven|eight|"
                    r"nine|ten|\d+)\b", re.I)


# A decline said in words just before the number: 'fell 4.5%', 'decreased by 2.4 percent' (but not 'fell to 3%').
DECLINE = re.compile(r"\b(?:fell|fall(?:s|ing)?|declin(?:e|ed|es|ing)|decreas(?:e|ed|es|ing)|dropp?(?:ed|s|ing)?|"
                     r"down|shr[ua]nk|contract(?:ed|ion)|slump(?:ed)?|plung(?:e|ed)|lower|negative|minus|loss of)\b"
                     r"(?:\s+\w+){0,3}\s*(?:by\s+)?$", re.I)
MINUS = re.compile(r"(?<![\w%])[-−–]\s?$")


def reads_as_decline(before: str) -> bool:
    """Whether the words before a number make it a fall: 'fell 4.5%' is −4.5 percent."""
    return bool(DECLINE.search(before)) and not re.search(r"\bto\s*$", before)


def digits_value(text: str) -> float:
    """'1,040,000' → 1040000.0; '4 204' → 4204.0."""
    return float(re.sub(f"[,{THOUSANDS_SPACES}]", "", text))


def scale_of(word: str | None) -> float:
    """What a scale word multiplies by: 'million' → 1e6, 'bn' → 1e9, none → 1."""
    return SCALES.get((word or "").lower(), 1)


def currency_code(before: str | None, after: str | None) -> str | None:
    """The ISO code of a currency mark before the number or a currency word after it."""
    before = (before or "").lower().replace("\\", "")
    for mark, code in CURRENCY_BEFORE:
        if before == mark:
            return code
    after = (after or "").lower()
    return CURRENCY_AFTER.get(after) or CURRENCY_AFTER.get(after.rstrip("s"))


def share_of(a: str, b: str) -> float | None:
    """'one in five' → 0.2 (None for 'one in zero')."""
    top = WORD_VALUES.get(a.lower()) or digits_value(a)
    bottom = WORD_VALUES.get(b.lower()) or digits_value(b)
    return top / bottom if bottom else None
