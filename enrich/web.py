"""Websites and social profiles: domain check against the bundled public-suffix list, https:// URLs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from publicsuffixlist import PublicSuffixList

from enrich.card import SocialField, WebsiteField
from enrich.domains import repair_suffix
from enrich.emails import EMAIL_LABEL
from enrich.text import fold

PSL = PublicSuffixList(only_icann=True)  # the bundled list (ICANN part); never fetched at run time

WEB_LABEL = re.compile(r"^\s*(w|web|website|site|sitio|sitio web|página|pagina|internet|url)\s*[.:]\s*", re.I)
URL_TOKEN = re.compile(r"(?:https?\s*:\s*/\s*/\s*)?(?:[\w\-]+\s?\.\s?)+[a-z]{2,}(?:/[^\s,;]*)?", re.I | re.U)
SOCIAL_HOSTS = {
    "linkedin.com": "linkedin", "twitter.com": "x", "x.com": "x", "instagram.com": "instagram",
    "instagr.am": "instagram", "facebook.com": "facebook", "fb.com": "facebook", "fb.me": "facebook",
    "github.com": "github", "youtube.com": "youtube", "tiktok.com": "tiktok", "xing.com": "xing",
}
CANONICAL_HOST = {"linkedin": "www.linkedin.com", "x": "x.com", "instagram": "www.instagram.com",
                  "facebook": "www.facebook.com", "github": "github.com", "youtube": "www.youtube.com",
                  "tiktok": "www.tiktok.com", "xing": "www.xing.com"}
# service words printed (or read from an icon) next to an "@handle"
HANDLE_LABELS = {"instagram": "instagram", "insta": "instagram", "ig": "instagram", "twitter": "x", "x": "x",
                 "facebook": "facebook", "fb": "facebook", "f": "facebook", "github": "github", "gh": "github",
                 "linkedin": "linkedin", "in": "linkedin", "tiktok": "tiktok", "youtube": "youtube"}
_HANDLE = re.compile(r"(?:^|\s)([A-Za-z]+)?\s*[:/]?\s*@([\w.]{2,30})\b", re.U)
_LEGAL_WORDS = {"ltda", "lda", "gmbh", "inc", "ltd", "corp", "sarl", "llc", "cia", "eireli", "unipessoal"}
_LINKEDIN_SPACED = re.compile(r"(linkedin\.com)\s*/?\s*in\s*/?\s+([\w\-]{3,})", re.I)
_LINKEDIN_SHORT = re.compile(r"\b(?:in|linkedin)\s*[:/]\s*([\w\-]{3,})", re.I)


@dataclass
class WebResult:
    """Websites and social profiles found on a card, the lines they came from and warnings."""

    websites: list[WebsiteField] = field(default_factory=list)
    social: list[SocialField] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


def registrable_domain(host: str) -> str | None:
    """The registrable domain ('shop.example.co.uk' -> 'example.co.uk') if the suffix is a real one."""
    host = host.lower().strip(".")
    if PSL.publicsuffix(host, accept_unknown=False) is None:
        return None
    return PSL.privatesuffix(host, accept_unknown=False)


_WWW = re.compile(r"^w{3,}[.,]", re.I)  # "www.", and the OCR's "wWww.", "wwwwww." and "www,"
_SITE_START = re.compile(r"(?i)h?t?tps?:|w{3,}[.,]")  # a scheme (its letters possibly misread) or www


def _split_url(token: str) -> tuple[str, str] | None:
    """(host, path) of a token shaped like a web address, before any suffix check."""
    text = re.sub(r"\s+", "", token).strip(".,;:)(")
    text = re.sub(r"^h?t?tps?:/+", "", text, flags=re.I)
    text = _WWW.sub("www.", text)
    host, _, path = text.partition("/")
    host = host.lower().replace(",", ".")
    if not re.fullmatch(r"[a-z0-9\-]+(\.[a-z0-9\-]+)+", host) or all(p.isdigit() for p in host.split(".")):
        return None
    return host, path


def normalise_url(token: str) -> tuple[str, str] | None:
    """('https://host/path', host) for a token that is a website, or None."""
    parts = _split_url(token)
    if parts is None:
        return None
    host, path = parts
    domain = registrable_domain(host)
    if domain is None:
        return None
    label = domain.split(".")[0]
    if (len(label) < 2 and domain not in SOCIAL_HOSTS) or label.isdigit():
        return None
    path = path.rstrip("/")
    return (f"https://{host}/{path}" if path else f"https://{host}"), host


def social_profile(url: str, host: str) -> tuple[str, str] | None:
    """(service, canonical URL) when the URL is a profile on a known social network."""
    bare = host.removeprefix("www.").removeprefix("m.")
    service = SOCIAL_HOSTS.get(bare)
    if service is None:
        return None
    path = url.split(host, 1)[1].strip("/")
    if not path:
        return None
    return service, f"https://{CANONICAL_HOST[service]}/{path}"


def _looks_like_site(token: str, line: str) -> bool:
    """Bare domains need a hint (www, scheme, a path, a web label or lowercase) to avoid 'Av.Paulista'."""
    stripped = token.strip()
    if _SITE_START.match(stripped) or WEB_LABEL.match(line):
        return True
    if "/" in stripped:
        return True
    found = normalise_url(stripped)
    label = (registrable_domain(found[1]) or "").split(".")[0] if found else ""
    if len(label) < 3 or label in _LEGAL_WORDS:  # "CO.KG", "Ltda.ME", "Av.Br": legal forms, abbreviations
        return False
    return stripped == stripped.lower() or stripped == stripped.upper()


def find_web(lines: list[str], excluded: set[int] | frozenset[int] = frozenset()) -> WebResult:
    """Find websites and social profiles; email addresses and their domains are not websites."""
    result = WebResult()
    seen: set[str] = set()
    for index, line in enumerate(lines):
        if index in excluded:
            continue
        email_line = bool(EMAIL_LABEL.match(line))  # after an email label a bare domain is a mangled address
        body = WEB_LABEL.sub("", line, count=1)
        body = _LINKEDIN_SPACED.sub(r"\1/in/\2", body)  # "linkedin.com in jane-doe": OCR lost the slashes
        # emails are someone else's job; one ends where a separator starts ("a@x.co.mz|www.x.co.mz")
        body = re.sub(r"[^\s,;|<>()\[\]]+@[^\s,;|<>()\[\]]+", " ", body)
        body = _JOINED_SITES.sub(" ", body)  # "www.a.com/www.b.com": two sites, not a path
        for match in URL_TOKEN.finditer(body):
            token = match.group(0)
            if body[: match.start()].endswith("@") or not _looks_like_site(token, line) or (
                email_line and not re.match(r"(?i)(https?:|www)", token)
            ):
                continue
            found = normalise_url(token)
            if found is None:
                _damaged_site(token, index, line, result, seen)
                continue
            url, host = found
            social = social_profile(url, host)
            key = social[1].lower() if social else url.lower()
            if key in seen:
                result.used.add(index)
                continue
            seen.add(key)
            result.used.add(index)
            if social:
                result.social.append(SocialField(service=social[0], value=social[1], raw=line.strip()))
            elif host.removeprefix("www.") not in SOCIAL_HOSTS:
                result.websites.append(WebsiteField(value=url, confidence=0.9, raw=line.strip()))
        _find_handles(line, index, result, seen)
    return result


_JOINED_SITES = re.compile(r"(?<=[a-z]{2})/(?=(?:https?:|www\.))", re.I)


def _damaged_site(token: str, index: int, line: str, result: WebResult, seen: set[str]) -> None:
    """'www.mozlog.camz': a printed web address without a real suffix, repaired if one repair fits, else flagged."""
    if not _SITE_START.match(token.strip()):
        return  # without "www." or a scheme an unknown suffix is no website ("Av.Paulista")
    parts = _split_url(token)
    if parts is None:
        return
    host, path = parts
    repaired = repair_suffix(host)
    url = f"https://{repaired[0] if repaired else host}" + (f"/{path.rstrip('/')}" if path.rstrip("/") else "")
    if url.lower() in seen:
        return
    seen.add(url.lower())
    result.used.add(index)
    if repaired:
        result.websites.append(WebsiteField(value=url, confidence=0.6, raw=line.strip()))
        result.warnings.append(f"Website {url}: {repaired[1]} (the card reads {token.strip()!r}).")
    else:
        result.websites.append(WebsiteField(value=url, confidence=0.3, raw=line.strip()))
        result.warnings.append(f"Website {token.strip()!r} does not end in a known domain suffix; kept as read, "
                               "please check it.")


def _find_handles(line: str, index: int, result: WebResult, seen: set[str]) -> None:
    """'Instagram: @name', 'f @Name', 'in/jane-doe': profiles printed as handles beside a service word."""
    if re.search(r"\S@\S", line):
        return
    for match in _HANDLE.finditer(line):
        service = HANDLE_LABELS.get(fold(match.group(1) or ""))
        if service is None:
            continue
        url = f"https://{CANONICAL_HOST[service]}/{match.group(2)}"
        if url.lower() not in seen:
            seen.add(url.lower())
            result.social.append(SocialField(service=service, value=url, confidence=0.7, raw=line.strip()))
            result.used.add(index)
    for match in _LINKEDIN_SHORT.finditer(line):
        if "linkedin.com" in line.lower():
            continue
        url = f"https://www.linkedin.com/in/{match.group(1)}"
        if url.lower() not in seen:
            seen.add(url.lower())
            result.social.append(SocialField(service="linkedin", value=url, confidence=0.7, raw=line.strip()))
            result.used.add(index)
