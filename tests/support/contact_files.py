"""Contact files as phones, address books and other CRMs write them: vCard 2.1 (quoted-printable, soft line
breaks), 3.0 (folded lines) and 4.0 in one file, and a broken one."""

from __future__ import annotations

TWO_PEOPLE_VCF = (
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;Dr.;\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Dr. J=C3=BCrgen M=C3=BC=\r\n"
    "ller\r\n"
    "ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Stra=C3=9Fe GmbH\r\n"
    "TEL;CELL;VOICE:+49 151 23456789\r\n"
    "TEL;WORK;FAX:030 9018 2001\r\n"
    "EMAIL;INTERNET:j.mueller@example.de\r\n"
    "ADR;WORK;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;Friedrichstra=C3=9Fe 123;Berlin;;10117;Deutschland\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "N:Durand;Amélie;;;\r\n"
    "FN:Amélie Durand\r\n"
    "ORG:Société Générale\\, Lab;Innovation\r\n"
    "TITLE:Directrice de l'innovation et de la transformation numérique du g\r\n"
    " roupe\r\n"
    "TEL;TYPE=WORK,VOICE:+33 1 42 68 53 00\r\n"
    "EMAIL;TYPE=INTERNET,WORK:amelie.durand@example.fr\r\n"
    "EMAIL;TYPE=INTERNET:not-an-email@\r\n"
    "URL:https://www.linkedin.com/in/amelie-durand\r\n"
    "ADR;TYPE=WORK:;;12\\, rue de la Paix;Paris;;75002;France\r\n"
    "END:VCARD\r\n"
)
BROKEN_VCF = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN Amélie without a colon\r\nthis is not a vCard line\r\nEND:VCARD\r\n"
