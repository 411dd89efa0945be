import sys
from pathlib import Path

POLICY_DIR = Path(__file__).resolve().parent.parent
# The pack's own modules, and the repository (for the program whose resources the pack must pass).
sys.path[:0] = [str(POLICY_DIR), str(POLICY_DIR.parent)]
