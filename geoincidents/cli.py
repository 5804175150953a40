"""The ``geoincidents`` command: thin shells over the library functions of the same name.

Each command parses its options, calls the library and prints. Library errors
(``GeoIncidentsError``) become one ``Error: ...`` line and exit 1; bad options
exit 2 (click's ``BadParameter``). Everything for stdout goes through ``emit``,
so that a write that fails (a full disk, /dev/full, a closed pipe) is also an
``Error:`` and exit 1, never a traceback or a success summary. Nothing here imports geopandas or folium at
module level, so ``geoincidents resolve`` starts fast.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import warnings

import click

from .errors import GeoIncidentsError


def library_errors(func):
    """Turn a library error into click's one-line ``Error:`` and exit 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except GeoIncidentsError as e:
            raise click.ClickException(str(e)) from None

    return wrapper


def emit(text: str) -> None:
    """Print ``text`` and a newline to stdout and make sure all of it got there: else an ``Error:``.

    Why ``os.write`` in a loop: on a full disk (or past a file size limit) a
    write is cut short, and Python's buffered stdout drops the rest silently:
    a truncated GeoJSON, exit 0 and a success summary.
    """
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):  # no file descriptor: a test runner's buffer
        fd = None
    try:
        if fd is None:
            click.echo(text)
            return
        data = memoryview((text + "\n").encode(sys.stdout.encoding or "utf-8", sys.stdout.errors or "strict"))
        sys.stdout.flush()
        while data:
            data = data[os.write(fd, data):]
    except UnicodeEncodeError as e:
        raise click.ClickException(f"stdout takes only {e.encoding} text; set PYTHONIOENCODING=utf-8 "
                                   "or write with -o") from None
    except OSError as e:
        _drop_stdout()
        raise click.ClickException(f"cannot write to stdout ({e.strerror or e})") from None


def _drop_stdout() -> None:
    """Point stdout at /dev/null: Python's flush at exit would fail again and print a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # no file descriptor (a test runner's buffer): nothing will flush it at exit


def _one_line_warning(message, category, filename, lineno, line=None) -> str:
    """Library warnings (a skipped document, a rebuilt cache) as one ``Warning:`` line on stderr."""
    return f"Warning: {message}\n"


_gazetteer_path_option = click.option(
    "--gazetteer", "gazetteer_path", type=click.Path(dir_okay=False), default=None, envvar="GEOINCIDENTS_GAZETTEER",
    help="Gazetteer CSV or SQLite file (default: the shipped one; env GEOINCIDENTS_GAZETTEER).",
)
# Kept in the click context (not a parameter) so that every command taking --gazetteer takes it unchanged.
extra_places_option = click.option(
    "--extra-places", type=click.Path(dir_okay=False), multiple=True, envvar="GEOINCIDENTS_EXTRA_PLACES",
    expose_value=False, callback=lambda ctx, param, value: ctx.meta.__setitem__("geoincidents.extra_places", value),
    help="Your own places (a CSV in the gazetteer's format, each row with id and source) added on top of the "
         "gazetteer; a row with a shipped id replaces it. Repeatable; env GEOINCIDENTS_EXTRA_PLACES (':'-separated).",
)


def gazetteer_option(func):
    """--gazetteer and --extra-places."""
    return _gazetteer_path_option(extra_places_option(func))


def _extra_places():
    """The user's --extra-places files: workers then get the merged gazetteer itself, not its path."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get("geoincidents.extra_places") if ctx else None


def open_gazetteer(path):
    from .gazetteer import Gazetteer

    return Gazetteer.open(path, extra=_extra_places())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="geoincidents")
def cli():
    """Conflict reports into maps: resolve place names, extract incidents, draw them."""
    warnings.formatwarning = _one_line_warning


# ---------------------------------------------------------------------------
# resolve


def _read_names(names: tuple[str, ...]) -> list[str]:
    if names == ("-",):
        return [line.strip() for line in sys.stdin if line.strip()]
    return list(names)


def _table_row(query: str, m) -> str:
    return (f"{query[:24]:<24} {m.name[:28]:<28} {m.kind:<15} {m.admin1[:16]:<16} {m.country:<2} "
            f"{m.lat:>9.5f} {m.lon:>9.5f} {m.score:>5.2f}  {m.id}")


def _near_place(gaz, near: str):
    """--near as a point: LAT,LON, or a place name the gazetteer knows well (not a loose fuzzy guess)."""
    from .gazetteer import parse_point

    if not near.strip():
        raise click.BadParameter("expected a place name or LAT,LON, instead got an empty string", param_hint="--near")
    if parse_point(near):
        return parse_point(near)
    best = gaz.lookup(near, limit=1)
    if not best or best[0].score < 0.9:
        closest = f" (closest: {best[0].name}, score {best[0].score:.2f})" if best else ""
        raise click.BadParameter(f"no place called {near!r} in the gazetteer{closest}; "
                                 "give a name it knows or LAT,LON", param_hint="--near")
    return best[0].lat, best[0].lon


@cli.command()
@click.argument("names", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line instead of a table.")
@click.option("--near", metavar="PLACE|LAT,LON", help="Prefer the place closest to this one.")
@click.option("--kind", metavar="KIND", help="Prefer places of this kind (oil_field, base, village...).")
@click.option("--top", type=click.IntRange(1, 50), default=1, show_default=True, help="Show the N best places for each name.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=None, help="Similarity below which a name does not match (default 0.8).")
@gazetteer_option
@click.option("--online", is_flag=True, help="Ask Nominatim (OpenStreetMap) for names the gazetteer lacks, "
              "at most one request a second, answers cached; off by default. Server: env GEOINCIDENTS_NOMINATIM.")
@library_errors
def resolve(names, as_json, near, kind, top, min_score, gazetteer_path, online=False):
    """Resolve place NAMES (any spelling) to coordinates; '-' reads names from stdin.

    \b
    Example:
      geoincidents resolve "Deir Ezzoro" Konoko "al-Bokamal"
      geoincidents resolve Hajin --near "Deir ez-Zor" --top 3 --json
      GEOINCIDENTS_NOMINATIM=http://127.0.0.1:8080 geoincidents resolve "Tal Tamr" --online
    """
    from .gazetteer import KINDS

    if kind and kind not in KINDS:
        raise click.BadParameter(f"{kind!r} is not one of: {', '.join(sorted(KINDS))}", param_hint="--kind")
    gaz = open_gazetteer(gazetteer_path)
    if online:
        from .geocode import OnlineGeocoder

        gaz.fallback = OnlineGeocoder()
    if near is not None:
        near = _near_place(gaz, near)
    if not as_json:
        emit(f"{'query':<24} {'name':<28} {'kind':<15} {'admin1':<16} cc {'lat':>9} {'lon':>9} score  id")
    for query in _read_names(names):
        matches = gaz.lookup(query, near=near, kind=kind, limit=top, min_score=min_score)
        if not matches and gaz.fallback is not None:
            matches = [m for m in [gaz.fallback.resolve(query)] if m is not None]
        if as_json:
            lines = [json.dumps(m.to_dict(), ensure_ascii=False) for m in matches]
            emit("\n".join(lines) if lines else json.dumps({"query": query, "match": None}, ensure_ascii=False))
        elif matches:
            emit("\n".join(_table_row(query, m) for m in matches))
        else:
            emit(f"{query[:24]:<24} (no match)")


# ---------------------------------------------------------------------------
# extract


def _published(ctx, param, value):
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date as YYYY-MM-DD, instead got: {value!r}") from None


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("-o", "--output", "out_path", type=click.Path(dir_okay=False, writable=True),
              help="Write here (.geojson, .gpkg, .csv, .acled.csv, .parquet, .fgb or .geojsons) instead of GeoJSON on stdout.")
@click.option("--format", "fmt", type=click.Choice(["geojson", "gpkg", "csv", "acled", "parquet", "fgb", "geojsonseq"]),
              help="Output format (default: from the suffix); acled writes ACLED's CSV columns; all but geojson need -o.")
@click.option("--published", callback=_published, metavar="YYYY-MM-DD",
              help="Publication date that 'yesterday' and 'Tuesday' resolve against (default: sidecar NAME.meta.json or the text).")
@gazetteer_option
@click.option("--online", is_flag=True, help="Ask Nominatim for place names the gazetteer lacks (opt-in, rate-limited, cached; runs in one process).")
@click.option("--quiet", "-q", is_flag=True, help="No progress or summary on stderr (skipped documents are still named).")
@click.option("-j", "--jobs", type=click.IntRange(0), default=0, metavar="N",
              help="Worker processes that clean and extract documents (default 0: every core); output order is the same.")
@click.option("--strict", is_flag=True, help="Fail (exit 1, nothing written) on the first bad document instead of skipping it.")
@click.option("--sequence", is_flag=True,
              help="Write a GeoJSON Text Sequence, one Feature a line, as incidents are found (streams, so one incident per report: no fusion; RFC 8142 with --rs).")
@click.option("--rs", is_flag=True, help="With --sequence: start each Feature with the RS character (0x1E), as RFC 8142 and fio --rs do.")
@click.option("--per-report", is_flag=True, help="One incident per report: do not fuse what several reports say about one event.")
@library_errors
def extract(paths, out_path, fmt, published, gazetteer_path, online, quiet, jobs, strict, sequence, rs, per_report=False):
    """Extract incidents from report files (.txt .md .html .jsonl .csv, or '-' for stdin).

    Writes a GeoJSON FeatureCollection (RFC 7946) to stdout, or to -o OUT in
    GeoJSON, GeoPackage, CSV, GeoParquet or FlatGeobuf. JSONL and CSV corpora
    are read record by record, whatever their size. A bad document (binary,
    undecodable, too large, a broken JSONL line or CSV row, a bad sidecar) is
    skipped and named on stderr; --strict fails instead. A one-line summary
    goes to stderr: documents, skipped, incidents by type, and how many could
    not be placed (kept, with a null geometry).

    \b
    Example:
      geoincidents extract reports/*.txt -o incidents.geojson
      geoincidents extract dump.jsonl -j 4 -o incidents.parquet
      geoincidents extract reports/*.txt -o events.acled.csv
      geoincidents extract reports/ --sequence | geoincidents map - -o map.html
    """
    from .batch import Summary, default_jobs, iter_incidents
    from .export import format_of, reading

    fmt = format_of(out_path, fmt) if out_path else fmt  # fail on a bad suffix before reading anything
    if fmt == "geojsonseq":  # .geojsons (RS-separated, as GDAL writes it) or .geojsonl
        sequence, rs = True, rs or str(out_path or "").lower().endswith(".geojsons")
    elif fmt not in (None, "geojson"):
        if sequence:
            raise click.UsageError(f"--sequence writes GeoJSON, not {fmt}")
        if not out_path:
            raise click.UsageError(f"--format {fmt} needs -o FILE: only GeoJSON goes to standard output")
    if rs and not sequence:
        raise click.UsageError("--rs goes with --sequence")
    gaz = open_gazetteer(gazetteer_path)
    if online:
        from .geocode import OnlineGeocoder

        gaz.fallback = OnlineGeocoder(errors="warn")  # a name it cannot look up stays unplaced, with a warning
    jobs = 1 if online else (jobs or default_jobs())
    summary = Summary()
    progress = _Progress(summary) if not quiet and sys.stderr.isatty() else None

    def skipped(message):
        if progress:
            progress.clear()
        click.echo(f"Skipped {message}", err=True)

    incidents = iter_incidents(_as_paths(paths), published=published, gazetteer=gaz if jobs == 1 or _extra_places() else gazetteer_path,
                               summary=summary, jobs=jobs, strict=strict, on_skip=skipped)
    if progress:
        incidents = progress.wrap(incidents)
    reports = events = 0
    with reading(p for p in paths if p != "-"):
        if sequence:  # streams: each incident with its roles and source as found, never fused
            _write_sequence((event for incident in incidents for event in _events([incident], True)), out_path, rs)
        else:
            found = list(incidents)
            incidents = _events(found, per_report)
            reports, events = len(found), len(incidents)
            if out_path:
                from .export import write_incidents

                write_incidents(incidents, out_path, fmt, gazetteer=gaz)
            else:
                from .export import feature_collection

                emit(json.dumps(feature_collection(incidents), ensure_ascii=False, indent=1))
    if progress:
        progress.clear()
    if not quiet:
        fused = f", fused into {events} events" if events != reports else ""
        click.echo(summary.line() + fused + (f" -> {out_path}" if out_path else ""), err=True)


def _events(incidents, per_report: bool) -> list:
    """Incidents with actor roles, fused into one per event unless ``per_report`` (see fusion.consolidate)."""
    from .fusion import consolidate

    incidents = list(incidents)
    meta = {inc.doc: (inc.outlet, inc.url) for inc in incidents}  # each report's outlet and URL, for `sources`
    return consolidate(incidents, meta, per_report=per_report)


def _stdin_text() -> str:
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise click.ClickException("standard input: not UTF-8 text; GeoJSON must be UTF-8 (RFC 7946)") from None


def _read_text(path):
    from .errors import InputFormatError

    try:
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as e:
        raise InputFormatError(f"{path}: cannot read it as UTF-8 text ({getattr(e, 'strerror', None) or e})") from None


def _as_paths(paths):
    """Command-line arguments are paths, never report text (a mistyped name is "no such file")."""
    import pathlib

    return [pathlib.Path(p) for p in paths]


def _write_sequence(incidents, out_path, rs: bool) -> None:
    """One Feature a line as each is found: to stdout, or to -o through a temporary file."""
    from .export import atomic_output

    prefix = "\x1e" if rs else ""
    if not out_path:
        for incident in incidents:
            click.echo(prefix + json.dumps(incident.to_feature(), ensure_ascii=False))
        return
    with atomic_output(out_path) as tmp, open(tmp, "w", encoding="utf-8") as handle:
        for incident in incidents:
            handle.write(prefix + json.dumps(incident.to_feature(), ensure_ascii=False) + "\n")


class _Progress:
    """Documents and incidents so far, on one line of a terminal's stderr (a corpus has no known length)."""

    def __init__(self, summary):
        import time

        self.summary, self.clock, self.last = summary, time.monotonic, 0.0

    def wrap(self, incidents):
        for incident in incidents:
            now = self.clock()
            if now - self.last > 0.5:
                self.last = now
                s = self.summary
                click.echo(f"\rExtracting: {s.documents} documents, {s.incidents} incidents", err=True, nl=False)
            yield incident

    def clear(self) -> None:
        if self.last:
            click.echo("\r\x1b[K", err=True, nl=False)


# ---------------------------------------------------------------------------
# map


@cli.command("map")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("-o", "--output", "out_path", default="incidents_map.html", show_default=True, type=click.Path(dir_okay=False),
              help="The HTML file to write.")
@click.option("--offline", is_flag=True, help="Inline every script and style: the page makes no network request.")
@click.option("--title", help="A title for the map's legend.")
@click.option("--published", callback=_published, metavar="YYYY-MM-DD", help="For report inputs: their publication date.")
@gazetteer_option
@click.option("--per-report", is_flag=True, help="For report inputs: one incident per report, no fusion of reports of one event.")
@library_errors
def map_command(inputs, out_path, offline, title, published, gazetteer_path, per_report=False):
    """Draw incidents on one self-contained HTML map.

    INPUTS are GeoJSON files (from `extract` or any other tool: points,
    lines and polygons, drawn with their own properties), report files,
    which are extracted first, or folders of them (`.meta.json` sidecars are
    read with their reports, not drawn).
    '-' reads standard input: GeoJSON (a FeatureCollection, or a sequence
    from `extract --sequence`), else a report.

    \b
    Example:
      geoincidents map incidents.geojson -o map.html --offline
      geoincidents map reports/*.txt -o map.html
      geoincidents map reports/ other-tool.geojson -o map.html
      geoincidents extract reports/ --sequence | geoincidents map - -o map.html
    """
    import warnings

    from .batch import iter_incidents
    from .documents import document_from_text
    from .export import feature_collection, features_from_text, is_special_file, reading
    from .maps import acled_features, is_acled_csv, map_input_paths, read_geojson, save_map

    if not out_path.lower().endswith((".html", ".htm")) and not is_special_file(out_path):
        raise click.BadParameter(f"{out_path!r}: a map is an HTML page; name it .html", param_hint="-o")

    with warnings.catch_warnings(record=True) as notes:  # what was skipped: said on stderr after the map
        warnings.simplefilter("always")
        features, reports = [], []
        for path in map_input_paths(inputs):
            lower = path.lower()
            if path == "-":
                text = _stdin_text()
                if text.lstrip("\ufeff \t\r\n").startswith(("{", "\x1e")):
                    features += features_from_text(text)
                else:
                    reports.append(document_from_text(text, id="stdin", published=published))
            elif lower.endswith((".geojsons", ".geojsonl")):
                features += features_from_text(_read_text(path), path)
            elif lower.endswith((".geojson", ".json")):
                features += read_geojson(path)
            elif lower.endswith(".csv") and is_acled_csv(path):
                features += acled_features(path)
            else:
                reports += _as_paths([path])
        if reports:
            gaz = open_gazetteer(gazetteer_path)
            found = iter_incidents(reports, published=published, gazetteer=gaz, strict=True)
            features += feature_collection(_events(found, per_report))["features"]
        with reading(p for p in inputs if p != "-"):
            written = save_map({"type": "FeatureCollection", "features": features}, out_path, offline=offline, title=title)
    for note in notes:
        if note.category is UserWarning:  # ours; a library's deprecation notice is not the user's business
            click.echo(f"Note: {note.message}", err=True)
    placed = sum(1 for f in features if f.get("geometry"))
    click.echo(f"{len(features)} incidents ({len(features) - placed} unplaced) -> {written}", err=True)


# ---------------------------------------------------------------------------
# compare


@cli.command("compare")
@click.argument("ours", type=click.Path(dir_okay=False))
@click.argument("acled", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "out_path", type=click.Path(dir_okay=False),
              help="Also write the events only one side has as GeoJSON (property compare_side).")
@click.option("--max-km", type=click.FloatRange(0), default=25.0, show_default=True,
              help="Farthest apart (km) a pair may be; our uncertainty radius widens it.")
@click.option("--max-days", type=click.IntRange(0), default=1, show_default=True,
              help="Most days apart a pair may be; a week- or month-precise date widens it.")
@library_errors
def compare_command(ours, acled, out_path, max_km, max_days):
    """Match our incidents (GeoJSON from `extract`) to ACLED events (an ACLED CSV export).

    Prints a summary line and a table: pairs (with the fields they disagree
    on), incidents only we have, events only ACLED has.

    \b
    Example:
      geoincidents extract reports/*.txt -o ours.geojson
      geoincidents compare ours.geojson acled_syria_2021.csv -o unmatched.geojson
    """
    import pandas as pd

    from .comparison import compare, write_unmatched

    result = compare(ours, acled, max_km=max_km, max_days=max_days)
    if out_path:
        write_unmatched(result, out_path)
    click.echo(result.summary())
    table = result.table()
    if len(table):
        with pd.option_context("display.max_rows", None, "display.max_colwidth", 40, "display.width", 200):
            click.echo(table.to_string(index=False))
    if out_path:
        click.echo(f"{len(result.ours_only) + len(result.acled_only)} unmatched -> {out_path}", err=True)


# ---------------------------------------------------------------------------
# demo


@cli.command()
@click.option("-o", "--output-dir", default="outputs", show_default=True, type=click.Path(file_okay=False),
              help="Where to write the results.")
@library_errors
def demo(output_dir):
    """Run the whole job on the sample reports shipped with the package.

    Writes incidents.geojson, incidents.gpkg, incidents.csv and an offline
    incidents_map.html into OUTPUT_DIR and says where they are.
    """
    from .demo import run_demo

    result = run_demo(output_dir)
    emit(result["summary"].line())
    for kind, path in result["files"].items():
        emit(f"  {kind:<8} {path}")
    emit(f"Open {result['files']['html']} in a browser to see the map.")


# ---------------------------------------------------------------------------
# gazetteer


@cli.group()
def gazetteer():
    """Build and describe gazetteers."""


@gazetteer.command("info")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the description as JSON.")
@extra_places_option
@library_errors
def gazetteer_info(path, as_json):
    """Describe a gazetteer (default: the shipped one): counts by kind and country, sources, size."""
    from .gazetteer import describe_gazetteer

    info = describe_gazetteer(open_gazetteer(path))
    if as_json:
        emit(json.dumps(info, indent=2, ensure_ascii=False))
        return
    emit(f"{info['path']}: {info['places']} places, {info['names']} names, {info['size_bytes'] / 1e6:.1f} MB")
    for title, counts in (("by kind", info["kinds"]), ("by country", info["countries"]), ("coordinates from", info["sources"])):
        emit(f"  {title}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


class _StageBars:
    """One click progress bar on stderr per stage of ``build_gazetteer``."""

    def __init__(self):
        self.stage, self.bar, self.done = None, None, 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            self.stage, self.done = stage, 0
            self.bar = click.progressbar(length=max(total, 1), label=f"{stage:<16}", file=sys.stderr,
                                         show_eta=True, show_percent=True)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@gazetteer.command("build")
@click.argument("dump", type=click.Path(dir_okay=False))
@click.option("--alternate-names", type=click.Path(dir_okay=False), help="GeoNames alternateNamesV2.txt (or .zip): every spelling of every place.")
@click.option("--admin1-codes", type=click.Path(dir_okay=False), help="GeoNames admin1CodesASCII.txt, for province names (default: the codes).")
@click.option("--country", "countries", multiple=True, metavar="CC", help="Keep this country (ISO code, repeatable; default: all).")
@click.option("--feature-class", "feature_classes", multiple=True, metavar="CLASS", help="Keep this GeoNames feature class (repeatable; default: P, populated places).")
@click.option("--feature-code", "feature_codes", multiple=True, metavar="CODE", help="Also keep this feature code (repeatable: OILF, AIRP, MILB...).")
@click.option("--min-population", type=click.IntRange(0), default=0, show_default=True, help="Leave out places with fewer people.")
@click.option("-o", "--output", "out_path", required=True, type=click.Path(dir_okay=False), help="The SQLite gazetteer to write.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@library_errors
def gazetteer_build(dump, alternate_names, admin1_codes, countries, feature_classes, feature_codes, min_population, out_path, quiet):
    """Build an SQLite gazetteer from a GeoNames DUMP (XX.txt, allCountries.txt or their .zip).

    \b
    Example:
      geoincidents gazetteer build SY.zip --alternate-names alternateNamesV2.zip \\
          --country SY --country IQ --feature-class P --feature-class A -o syria.sqlite
      geoincidents resolve "Deir Ezzoro" --gazetteer syria.sqlite
    """
    import time

    from .geonames import build_gazetteer

    # Why only on a terminal: piped or logged, a bar is only noise.
    bars = _StageBars() if not quiet and sys.stderr.isatty() else None
    started = time.perf_counter()
    try:
        count = build_gazetteer(
            dump, out_path, alternate_names=alternate_names, countries=countries or None,
            feature_classes=feature_classes or ("P",), feature_codes=feature_codes or None,
            min_population=min_population, progress=bars, admin1_codes=admin1_codes,
        )
    finally:
        if bars:
            bars.close()
    emit(f"{out_path}: {count} places from {dump} in {time.perf_counter() - started:.1f} s")


def main():  # pragma: no cover - the console script
    cli()
