"""Every command is documented: help text in the CLI, a mention in the README (as sqlite-utils' test_docs.py)."""

from __future__ import annotations

import pathlib
import re

import click
import pytest
from click.testing import CliRunner

from geoincidents.cli import cli

README = (pathlib.Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    """(path, command) for every command and subcommand, depth first."""
    for name, command in sorted(group.commands.items()):
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from all_commands(command, prefix + (name,))


COMMANDS = list(all_commands(cli))
IDS = [" ".join(path) for path, _ in COMMANDS]


def test_the_commands_are_found():
    assert {"resolve", "extract", "map", "demo", "gazetteer", "gazetteer build", "gazetteer info"} <= set(IDS)


@pytest.mark.parametrize("path, command", COMMANDS, ids=IDS)
def test_every_command_has_help_text(path, command):
    assert command.help and command.help.strip(), f"geoincidents {' '.join(path)} has no help text"
    assert command.get_short_help_str().strip()


@pytest.mark.parametrize("path, command", COMMANDS, ids=IDS)
def test_every_option_has_help_text(path, command):
    missing = [param.opts[0] for param in command.params
               if isinstance(param, click.Option) and not (param.help or "").strip()]
    assert missing == [], f"geoincidents {' '.join(path)}: options without help: {missing}"


@pytest.mark.parametrize("path, command", COMMANDS, ids=IDS)
def test_help_runs(path, command):
    result = CliRunner().invoke(cli, [*path, "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output.startswith("Usage: ") and f" {' '.join(path)} " in result.output.splitlines()[0]
    first_line = command.help.strip().splitlines()[0]
    assert " ".join(first_line.split()) in " ".join(result.output.split())  # click re-wraps the text


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_top_level_command_is_in_the_readme(name):
    assert re.search(rf"\bgeoincidents {re.escape(name)}\b", README), f"README.md does not show `geoincidents {name}`"


def test_the_readme_has_a_command_line_section():
    assert re.search(r"^## Command line$", README, re.M)
