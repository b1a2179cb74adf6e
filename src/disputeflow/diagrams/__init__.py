"""
Lifecycle diagrams and the generated lifecycle reference.

A lifecycle is extracted once into a :class:`Graph` (:func:`extract`); the renderers format it
as Mermaid ``stateDiagram-v2`` text (:func:`to_mermaid`) or Graphviz DOT text (:func:`to_dot`),
and :func:`render` draws DOT into an SVG, PNG or PDF file with the optional ``graphviz``
package (``pip install disputeflow[diagrams]``). :func:`reference_markdown` writes the
Markdown reference page of a lifecycle.

>>> from disputeflow.lifecycle import prc_civil_2025
>>> print(to_mermaid(prc_civil_2025(), kinds=["petition"]).splitlines()[2])
    state "Litigation-related petition (信)" as petition {
"""

from disputeflow.diagrams.extract import Cluster, Edge, Graph, Link, Node, extract
from disputeflow.diagrams.graphviz import render, to_dot
from disputeflow.diagrams.mermaid import to_mermaid
from disputeflow.diagrams.reference import reference_markdown

__all__ = [
    "Cluster",
    "Edge",
    "Graph",
    "Link",
    "Node",
    "extract",
    "reference_markdown",
    "render",
    "to_dot",
    "to_mermaid",
]
