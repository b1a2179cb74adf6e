"""
Pluggable policies: protocols, decisions, chains with precedence, and dated rule sets.
"""
