"""CLI subcommands other than `synth`: each module provides `add_arguments` and `run`."""
