"""refsvc: papers and their reference lists in, deduplicated works and linked claims out."""
