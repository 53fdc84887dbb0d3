"""perfscore."""
