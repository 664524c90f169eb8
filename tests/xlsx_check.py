#!/usr/bin/env python3
"""--format xlsx writes a workbook a spreadsheet opens: the sheets Plan,
Mix, Simulation and Check, the plan's status, every booking's id and cost
as a number, and a given plan's broken rules.  Reads the file with
zipfile (an .xlsx is a zip of XML parts), as any spreadsheet would.

    xlsx_check.py TIERMIX CAMPAIGN AGENCY_PLAN
"""
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path


def workbook(path):
    z = zipfile.ZipFile(path)
    sheets = re.findall(r'sheet name="([^"]+)"', z.read("xl/workbook.xml").decode())
    strings = re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/sharedStrings.xml").decode())
    numbers = [float(v) for n in z.namelist() if n.startswith("xl/worksheets/")
               for v in re.findall(r"<v>([^<]*)</v>", z.read(n).decode())]
    return sheets, strings, numbers


def main():
    tiermix, campaign, agency = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "plan.xlsx"
        subprocess.run([tiermix, "solve", campaign, "--simulate", "300", "--format",
                        "xlsx", "--out", str(out)], check=True)
        sheets, strings, numbers = workbook(out)
        assert sheets == ["Plan", "Mix", "Simulation", "Check"], sheets
        assert "optimal" in strings and "tt_rizky_susanti" in strings, strings[:20]
        assert 150000000.0 in numbers, "total cost not a number"
        assert 1800000.0 in numbers, "a booking's cost not a number"
        given = Path(work) / "agency.xlsx"
        subprocess.run([tiermix, "simulate", campaign, agency, "--draws", "200",
                        "--format", "xlsx", "--out", str(given)], check=True)
        sheets, strings, _ = workbook(given)
        assert "constraints.max_creator_share" in strings, "check sheet lacks the rules"
        assert not list(Path(work).glob("*.tmp*")), "temporary file left behind"
    print("xlsx: 4 sheets, numbers as numbers, broken rules on Check")


if __name__ == "__main__":
    main()
