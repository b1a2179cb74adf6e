"""
Case-flow simulation on the real engine and policies.
"""
