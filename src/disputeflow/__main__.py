"""
``python -m disputeflow``: the command line.
"""

import sys

from disputeflow.cli import main

sys.exit(main())
