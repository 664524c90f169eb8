#!/usr/bin/env python3
"""Write examples/skincare-calibrated.json: the skincare campaign with the
funnel and the simulation spreads that `tiermix calibrate` learns from the
shipped past outcomes (examples/outcomes.csv).

    python3 examples/calibrated_example.py TIERMIX [OUT.json]

The campaign keeps its own margin and simulation draws and seed; every
other funnel and simulation key comes from calibrate's JSON as it is.
"""
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main():
    tiermix = str(Path(sys.argv[1]).resolve())
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else HERE / "skincare-calibrated.json"
    run = subprocess.run([tiermix, "calibrate", "outcomes.csv", "--format", "json"],
                         cwd=HERE, capture_output=True, text=True, check=True)
    calibrated = json.loads(run.stdout)
    campaign = json.loads((HERE / "skincare-jakarta.json").read_text(encoding="utf-8"))
    campaign["campaign"]["name"] += " (calibrated on outcomes.csv)"
    margin = campaign["funnel"]["margin"]
    campaign["funnel"] = dict(calibrated["funnel"], margin=margin)
    campaign["simulation"] = calibrated["simulation"]
    # the keys in the order of the original, the calibrated sections in place
    out.write_text(json.dumps(campaign, indent=2, ensure_ascii=False) + "\n",
                   encoding="utf-8")


if __name__ == "__main__":
    main()
