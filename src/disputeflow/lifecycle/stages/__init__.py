"""
The parts the PRC lifecycles are composed from, one module per stage.
"""
