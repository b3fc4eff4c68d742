#!/usr/bin/env python3
"""Writes one export file per survey platform and variant, all holding the same eight
respondents, and the canonical responses every one of them must import to.

Run from this folder:  python3 make_exports.py
The layouts follow shared/research/export-formats.md (header rows, metadata columns, date
forms, multi-select conventions, encodings). Personal data (e-mails, names, IPs) is invented
(example.org, 192.0.2.x documentation addresses) so tests can check it never reaches an output.
"""
import csv
import io
import os

STEM = "How much do you agree with each statement?"
ITEMS = [
    ("T1", "I can raise problems and hard questions in this community."),
    ("T2", "If I get something wrong here, it is held against me."),
    ("L1", "I use what I learn here in my work."),
    ("L2", "Members share stories of what worked and what did not."),
]
RECOMMEND = "How likely are you to recommend this community to a colleague?"
PRACTICES_Q = "Which of these did your community do?"
OPTIONS = ["Regular meetings", "Story sharing", "Mentoring", "Lunch, learn and share"]
COMMENT_Q = "What should this community do more of?"
COMMUNITY_Q = "Which community are you part of?"
LABELS = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]

# (community, (y, m, d, hh, mm), [T1, T2, L1, L2] (None = no answer), R1, practices, comment)
PEOPLE = [
    ("Data Engineering", (2026, 3, 5, 10, 15), [4, 2, 5, 4], 9, ["Regular meetings", "Mentoring"], "More demos, please"),
    ("Data Engineering", (2026, 3, 14, 9, 0), [5, 1, 4, 3], 10, ["Mentoring", "Lunch, learn and share"], ""),
    ("UX Research", (2026, 4, 2, 16, 40), [3, 3, 3, None], 7, ["Story sharing"], 'Keep the "show and tell"\nsessions'),
    ("UX Research", (2026, 4, 20, 8, 5), [4, 2, 4, 5], 8, ["Story sharing", "Regular meetings"], ""),
    ("Data Engineering", (2026, 5, 13, 13, 30), [2, 4, 2, 2], 4, [], "Zoë says: fewer status updates"),
    ("UX Research", (2026, 6, 30, 17, 59), [5, 1, 5, 5], 10, OPTIONS, ""),
    ("Data Engineering", (2026, 7, 15, 11, 11), [4, 2, 4, 4], 9, ["Regular meetings"], ""),
    ("UX Research", (2026, 9, 22, 14, 2), [3, None, 3, 4], 6, ["Lunch, learn and share"], ""),
]
EMAILS = [f"person{i}@example.org" for i in range(1, 10)]
IPS = [f"192.0.2.{10 + i}" for i in range(1, 10)]
NAMES = [f"Person {i} Example" for i in range(1, 10)]


def iso(t):
    return f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d} {t[3]:02d}:{t[4]:02d}:00"


def csv_text(rows, delimiter=",", newline="\r\n"):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def write(name, text, encoding="utf-8", bom=False):
    os.makedirs("exports", exist_ok=True)
    data = text.encode(encoding)
    if bom and encoding == "utf-8":
        data = b"\xef\xbb\xbf" + data
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data
    with open(os.path.join("exports", name), "wb") as f:
        f.write(data)


def label(value, words=LABELS):
    return "" if value is None else words[value - 1]


# Google Forms: Timestamp first, e-mail, grid columns "Stem [Row]", linear scale numbers,
# checkboxes joined by ", ", M/D/YYYY H:MM:SS. Grid cells use the author's labels (here "Neutral").
def google(dayfirst=False):
    words = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
    header = ["Timestamp", "Email Address", COMMUNITY_Q] + [f"{STEM} [{text}]" for _, text in ITEMS] + [RECOMMEND, PRACTICES_Q, COMMENT_Q]
    rows = [header]
    for i, (community, t, items, r1, practices, comment) in enumerate(PEOPLE):
        stamp = f"{t[2]}/{t[1]}/{t[0]} {t[3]}:{t[4]:02d}:00" if dayfirst else f"{t[1]}/{t[2]}/{t[0]} {t[3]}:{t[4]:02d}:00"
        cells = [label(v, words) for v in items]
        if items[1] is None:
            cells[1] = "N/A"
        rows.append([stamp, EMAILS[i], community] + cells + [str(r1), ", ".join(practices), comment])
    return rows


# Microsoft Forms: ID, Start time, Completion time, Email, Name, Last modified time; statement
# columns; multi-select "a;b;"; M/D/YY; capitalised labels; a trailing empty column.
def microsoft():
    words = ["Strongly Disagree", "Disagree", "Neutral", "Agree", "Strongly Agree"]
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time", COMMUNITY_Q] + [text for _, text in ITEMS] + [RECOMMEND, PRACTICES_Q, COMMENT_Q, ""]
    rows = [header]
    for i, (community, t, items, r1, practices, comment) in enumerate(PEOPLE):
        stamp = f"{t[1]}/{t[2]}/{t[0] % 100} {t[3]}:{t[4]:02d}:00"
        rows.append([str(i + 1), stamp, stamp, EMAILS[i], NAMES[i], "", community] + [label(v, words) for v in items]
                    + [str(r1), "".join(p + ";" for p in practices), comment, ""])
    return rows


# Qualtrics, current exporter: three header rows; Status / Finished; split multi-select columns.
def qualtrics(numeric):
    words = ["Strongly disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree", "Strongly agree"]
    meta = [("StartDate", "Start Date", '{"ImportId":"startDate","timeZone":"Europe/London"}'),
            ("EndDate", "End Date", '{"ImportId":"endDate","timeZone":"Europe/London"}'),
            ("Status", "Response Type", '{"ImportId":"status"}'),
            ("IPAddress", "IP Address", '{"ImportId":"ipAddress"}'),
            ("Progress", "Progress", '{"ImportId":"progress"}'),
            ("Duration (in seconds)", "Duration (in seconds)", '{"ImportId":"duration"}'),
            ("Finished", "Finished", '{"ImportId":"finished"}'),
            ("RecordedDate", "Recorded Date", '{"ImportId":"recordedDate","timeZone":"Europe/London"}'),
            ("ResponseId", "Response ID", '{"ImportId":"_recordId"}'),
            ("RecipientEmail", "Recipient Email", '{"ImportId":"recipientEmail"}'),
            ("Q5", COMMUNITY_Q, '{"ImportId":"QID5"}')]
    questions = [(f"Q1_{k + 1}", f"{STEM} - {text}", f'{{"ImportId":"QID1_{k + 1}"}}') for k, (_, text) in enumerate(ITEMS)]
    questions += [("Q2", RECOMMEND, '{"ImportId":"QID2"}'), ("Q2_NPS_GROUP", RECOMMEND + " - Group", '{"ImportId":"QID2_NPS_GROUP"}')]
    questions += [(f"Q3_{k + 1}", f"{PRACTICES_Q} - Selected Choice - {o}", f'{{"ImportId":"QID3","choiceId":"{k + 1}"}}') for k, o in enumerate(OPTIONS)]
    questions += [("Q4", COMMENT_Q, '{"ImportId":"QID4_TEXT"}')]
    columns = meta + questions
    rows = [[c[0] for c in columns], [c[1] for c in columns], [c[2] for c in columns]]

    def row(i, community, t, items, r1, practices, comment, status, finished):
        stamp = iso(t)
        group = "Promoter" if r1 >= 9 else "Passive" if r1 >= 7 else "Detractor"
        cells = [stamp, stamp, status, IPS[i], "100" if finished else "40", "321", finished, stamp, f"R_{i:015d}", EMAILS[i], community]
        cells += [("" if v is None else str(v)) if numeric else label(v, words) for v in items]
        cells += [str(r1), group]
        cells += [("1" if o in practices else "") if numeric else (o if o in practices else "") for o in OPTIONS]
        cells += [comment]
        return cells

    real, preview = ("0", "1") if numeric else ("IP Address", "Survey Preview")
    yes, no = ("1", "0") if numeric else ("True", "False")
    for i, person in enumerate(PEOPLE):
        rows.append(row(i, *person, real, yes))
        if i == 2:  # a preview and an unfinished response, to be left out
            rows.append(row(8, "UX Research", (2026, 4, 3, 9, 0), [1, 1, 1, 1], 0, [], "test", preview, yes))
            rows.append(row(8, "Data Engineering", (2026, 4, 4, 9, 0), [1, 5, 1, 1], 0, [], "", real, no))
    return rows


# Qualtrics legacy exporter: V1..V10 metadata, two header rows, "Question-Statement", trailing commas.
def qualtrics_legacy():
    meta = [("V1", "ResponseID"), ("V2", "ResponseSet"), ("V3", "Name"), ("V4", "ExternalDataReference"), ("V5", "EmailAddress"),
            ("V6", "IPAddress"), ("V7", "Status"), ("V8", "StartDate"), ("V9", "EndDate"), ("V10", "Finished"), ("Q5", COMMUNITY_Q)]
    questions = [(f"Q1_{k + 1}", f"{STEM}-{text}") for k, (_, text) in enumerate(ITEMS)]
    questions += [("Q2", RECOMMEND)] + [(f"Q3_{k + 1}", f"{PRACTICES_Q}-{o}") for k, o in enumerate(OPTIONS)] + [("Q4", COMMENT_Q)]
    tail = [("LocationLatitude", ""), ("LocationLongitude", ""), ("LocationAccuracy", "")]
    columns = meta + questions + tail
    rows = [[c[0] for c in columns] + [""], [c[1] for c in columns] + [""]]
    for i, (community, t, items, r1, practices, comment) in enumerate(PEOPLE):
        cells = [f"R_{i:015d}", "Default Response Set", NAMES[i], "", EMAILS[i], IPS[i], "0", iso(t), iso(t), "1", community]
        cells += ["" if v is None else str(v) for v in items] + [str(r1)]
        cells += ["1" if o in practices else "" for o in OPTIONS] + [comment, "51.5", "-0.1", "-1", ""]
        rows.append(cells)
    return rows


# SurveyMonkey: nine metadata columns, two header rows, option columns holding the option text,
# "Undecided" for the midpoint, labelled NPS endpoints, MM/DD/YYYY hh:mm:ss AM.
def surveymonkey():
    words = ["Strongly disagree", "Disagree", "Undecided", "Agree", "Strongly agree"]
    meta = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name", "Last Name", "Custom Data 1"]
    top = meta + [COMMUNITY_Q, STEM, "", "", "", RECOMMEND, PRACTICES_Q, "", "", "", COMMENT_Q]
    sub = [""] * 9 + ["Response"] + [text for _, text in ITEMS] + ["Response"] + OPTIONS + ["Open-Ended Response"]
    rows = [top, sub]
    for i, (community, t, items, r1, practices, comment) in enumerate(PEOPLE):
        hour = t[3] % 12 or 12
        stamp = f"{t[1]:02d}/{t[2]:02d}/{t[0]} {hour:02d}:{t[4]:02d}:00 {'PM' if t[3] >= 12 else 'AM'}"
        first, last = NAMES[i].split(" ", 1)
        nps = {10: "10 - Extremely likely", 0: "0 - Not at all likely"}.get(r1, str(r1))
        rows.append([str(10858623557 + i), "241097711", stamp, stamp, IPS[i], EMAILS[i], first, last, "", community]
                    + [label(v, words) for v in items] + [nps] + [o if o in practices else "" for o in OPTIONS] + [comment])
    return rows


# LimeSurvey: every field quoted (NULL unquoted), BOM, CRLF, an extra CRLF at the end.
def limesurvey(full):
    if full:
        meta = ["Response ID", "Date submitted", "Last page", "Start language", "Seed", "Date started", "Date last action", "IP address"]
        questions = [COMMUNITY_Q] + [f"{STEM} [{text}]" for _, text in ITEMS] + [RECOMMEND] + [f"{PRACTICES_Q} [{o}]" for o in OPTIONS] + [COMMENT_Q]
    else:
        meta = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr"]
        questions = ["G01Q05"] + [f"G01Q01[SQ00{k + 1}]" for k in range(4)] + ["G01Q02"] + [f"G01Q03[SQ00{k + 1}]" for k in range(4)] + ["G01Q04"]
    yes, no = ("Yes", "No") if full else ("Y", None)
    rows = [meta + questions]

    def row(i, community, t, items, r1, practices, comment, submitted=True):
        cells = [str(i + 1), iso(t) if submitted else None, "3" if submitted else "1", "en", "12345", iso(t), iso(t), IPS[i], community]
        cells += [None if v is None else str(v) for v in items] + [str(r1)]
        cells += [yes if o in practices else no for o in OPTIONS] + [comment]
        return cells

    for i, person in enumerate(PEOPLE):
        rows.append(row(i, *person))
        if i == 4:
            rows.append(row(8, "UX Research", (2026, 5, 20, 9, 0), [1, 1, 1, 1], 2, [], "", submitted=False))
    lines = []
    for cells in rows:
        lines.append(",".join("" if c is None else '"' + c.replace('"', '""') + '"' for c in cells))
    return "\r\n".join(lines) + "\r\n\r\n"


def canonical():
    header = ["community", "submitted", "T1", "T2", "L1", "L2", "R1", "P1", "C1"]
    waves = {}
    for community, t, items, r1, practices, comment in PEOPLE:
        wave = f"{t[0]}-H{1 if t[1] <= 6 else 2}"
        cells = [community, f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"] + ["" if v is None else str(v) for v in items]
        cells += [str(r1), ";".join(o for o in OPTIONS if o in practices), comment]
        waves.setdefault(wave, [header]).append(cells)
    os.makedirs("expected", exist_ok=True)
    for wave, rows in waves.items():
        with open(os.path.join("expected", wave + ".csv"), "w", encoding="utf-8", newline="") as f:
            f.write(csv_text(rows, newline="\n"))


if __name__ == "__main__":
    write("google-forms.csv", csv_text(google(), newline="\n"))
    write("google-forms-dmy-windows1252.csv", csv_text(google(dayfirst=True), delimiter=";"), encoding="cp1252")
    write("microsoft-forms-bom-crlf.csv", csv_text(microsoft()), bom=True)
    write("microsoft-forms-unicode-text.txt", csv_text(microsoft(), delimiter="\t"), encoding="utf-16-le")
    write("qualtrics-choice-text.csv", csv_text(qualtrics(numeric=False)))
    write("qualtrics-numeric.csv", csv_text(qualtrics(numeric=True)))
    write("qualtrics-legacy.csv", csv_text(qualtrics_legacy()))
    write("surveymonkey.csv", csv_text(surveymonkey()))
    write("limesurvey-codes.csv", limesurvey(full=False), bom=True)
    write("limesurvey-full-text.csv", limesurvey(full=True), bom=True)
    canonical()
