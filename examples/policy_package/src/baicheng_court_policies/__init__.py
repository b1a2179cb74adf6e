"""
The Baicheng intermediate court's own policies for disputeflow.

Registered under the entry-point group ``disputeflow.policies`` (see ``pyproject.toml``):

- ``baicheng.grid-mediation-first``: :class:`GridMediationFirst` (point ``front_end``);
- ``baicheng.labour-arbitration-first``: :class:`LabourArbitrationFirst` (point ``filing``).
"""

from baicheng_court_policies.grid import GridMediationFirst
from baicheng_court_policies.labour import LabourArbitrationFirst

__all__ = ["GridMediationFirst", "LabourArbitrationFirst"]
