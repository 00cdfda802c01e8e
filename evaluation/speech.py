"""Hesitation fillers on real speech, WER on read speech: the speech worker as the platform runs it.

Labels: `evaluation/data/speech/fillers.json` (per clip: split, reference transcript, hesitation
counts and voice; each split was declared there before it was run). Real clips come from
`../shared/media/real/` (tune, held out: one speaker) and, for the blind split, from pinned packages
(`evaluation.package_media`: other sessions of that speaker, two podcast speakers, more hard negatives,
a telephone call); the synthetic second voice and LibriVox clips from `tests/media/speech/`. Each clip
is transcribed as one window by the default `SpeechAnalyzer`.

Prints: hesitation precision / recall per filler word and split and per voice (a hesitation is matched
where it aligns to the same hesitation of the reference transcript: the references carry no times),
every clip with its reference and transcript, hard negatives, and WER on the LibriVox clips; then the
real clips again as a candidate's room would deliver them (`evaluation.speech_renderings`: the browser's
Opus, a noisy room, an echoey room, and louder noise), per split. Speed is `python -m bench.speech`'s.

`python -m evaluation speech` or `python -m evaluation.speech [--split tune|held_out|held_out_voice|blind]
[--asr FIELD=VALUE ...] [--dereverb FIELD=VALUE ...] [--acoustic-fillers on|off] [--rendering NAME ...]
[--no-renderings]`; `--asr` overrides an `AsrOptions` field to measure a candidate (`--asr
initial_prompt=none`, `--asr beam_size=5`, `--asr retry_beam_size=0`), `--dereverb` a `DereverbOptions`
field (`--dereverb enabled=false`: no echo reading or dereverberation); `--acoustic-fillers off`
measures Whisper's fillers alone; `--no-renderings` skips the rooms (two thirds of the time).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaluation.option_override import option_override
from evaluation.package_media import media_path
from gpu_workers.speech.fillers import HESITATIONS

ROOT = Path(__file__).resolve().parents[1]
LABELS = Path(__file__).with_name("data") / "speech" / "fillers.json"
SPEECH_MEDIA = ROOT / "tests" / "media" / "speech"
LIBRIVOX = ("librivox_0870", "librivox_0880", "librivox_0890")
SPLITS = ("tune", "held_out", "held_out_voice", "blind")
REAL_SPLITS = ("tune", "held_out", "blind")  # real voices; held_out_voice is espeak-ng
# The worker names hesitations by sound; references write "hm" for "hmm" and "erm" for "um".
_REFERENCE_NAME = {"hmm": "hm", "mm": "hm", "erm": "um"}
HESITATION_WORDS = ("uh", "um", "er", "hm")


@dataclass
class Tally:
    """Found and reference hesitations per word, and those matched in place (`matched_in_place`)."""

    matched: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    expected: Counter[str] = field(default_factory=Counter)

    def add(self, found: dict[str, int], expected: dict[str, int], matched: dict[str, int]) -> None:
        self.matched.update(matched)
        self.found.update(found)
        self.expected.update(expected)

    def cells(self, word: str | None = None) -> str:
        """ "reference | found | matched | precision | recall" of one word, or of all words, each rate
        with its 95% interval (`rate_with_interval`)."""
        m, f, e = self.row(word)
        return f"{e} | {f} | {m} | {rate_with_interval(m, f)} | {rate_with_interval(m, e)}"

    def row(self, word: str | None = None) -> tuple[int, int, int]:
        """(matched, found, expected) for one word, or for all words."""
        if word is None:
            return sum(self.matched.values()), sum(self.found.values()), sum(self.expected.values())
        return self.matched[word], self.found[word], self.expected[word]


def wilson_interval(hits: int, total: int) -> tuple[float, float]:
    """95% Wilson score interval of a rate of `hits` in `total` (scipy's binomial test).

    Why an interval: one hesitation moves the blind split's rates by 0.06 and the held-out one's by 0.11.
    Wilson's interval (not the normal approximation) stays inside [0, 1] and is honest at 17 of 17."""
    from scipy.stats import binomtest

    interval = binomtest(hits, total).proportion_ci(confidence_level=0.95, method="wilson")
    return float(interval.low), float(interval.high)


def rate_with_interval(hits: int, total: int) -> str:
    """ "0.89 (0.67-0.97)"; "-" where undefined (nothing found / nothing to find)."""
    if not total:
        return "-"
    low, high = wilson_interval(hits, total)
    return f"{hits / total:.2f} ({low:.2f}-{high:.2f})"


def hesitation_counts(fillers: Sequence[Any]) -> dict[str, int]:
    """Hesitation fillers of a `WindowTranscript`, counted under the references' names."""
    counts = Counter(_hesitation_name(f.word) for f in fillers if f.kind == "hesitation")
    return dict(counts)


def spoken_reference(reference: str) -> str:
    """The reference's words as said: the corpus's markup (<cutoff-montreal>, [adif], <VOCNOISE>) dropped."""
    return " ".join(w for w in reference.split() if not w.startswith(("<", "[")))


def word_errors(reference: str, transcript: str) -> tuple[int, int]:
    """(substitutions + deletions + insertions, reference words) after `normalise`."""
    import jiwer

    ref, hyp = normalise(reference), normalise(transcript)
    if not ref:
        return len(hyp.split()), 0
    out = jiwer.process_words(ref, hyp)
    return out.substitutions + out.deletions + out.insertions, len(ref.split())


def _hesitation_name(token: str) -> str:
    """A normalised token under the references' name when it is a hesitation ("hmm" -> "hm")."""
    name = HESITATIONS.get(token, token)
    return _REFERENCE_NAME.get(name, name)


def matched_in_place(reference: str, transcript: str) -> dict[str, int]:
    """Hesitations of the transcript that sit where the reference has the same hesitation, per word.

    The references carry no times, so place is position in jiwer's word alignment of the two texts: a
    hesitation counts only where it aligns to the same hesitation of the reference. A transcript that
    drops one "uh" and writes another elsewhere is one miss and one false find (counts alone would call
    both right)."""
    import jiwer

    ref = [_hesitation_name(w) for w in normalise(reference).split()]
    hyp = [_hesitation_name(w) for w in normalise(transcript).split()]
    if not ref or not hyp:
        return {}
    matched: Counter[str] = Counter()
    for chunk in jiwer.process_words(" ".join(ref), " ".join(hyp)).alignments[0]:
        if chunk.type == "equal":
            matched.update(w for w in ref[chunk.ref_start_idx : chunk.ref_end_idx] if w in HESITATION_WORDS)
    return dict(matched)


def normalise(text: str) -> str:
    """Lower case, no punctuation, hyphens split, the numbers of our clips spelled out (for WER)."""
    import jiwer

    numbers = {"2": "two", "15": "fifteen", "5": "five"}
    text = jiwer.RemovePunctuation()(jiwer.ToLowerCase()(text).replace("-", " "))
    return " ".join(numbers.get(w, w) for w in text.split())


@dataclass(frozen=True, slots=True)
class ReadSpeech:
    """Word errors against the LibriVox references, and the ASR time they took."""

    errors: int
    words: int
    asr_s: float
    audio_s: float


def read_speech(analyzer: Any) -> ReadSpeech:
    """Each LibriVox clip transcribed as one window by `analyzer` (a `SpeechAnalyzer`)."""
    errors = words = 0
    asr_s = audio_s = 0.0
    for name in LIBRIVOX:
        window = analyzer.transcribe_window([(SPEECH_MEDIA / f"{name}.wav", 0.0)])
        clip_errors, clip_words = word_errors((SPEECH_MEDIA / f"{name}.txt").read_text(), window.summary.text)
        errors += clip_errors
        words += clip_words
        asr_s += window.summary.latency_ms.get("asr", 0.0) / 1000
        audio_s += window.summary.end_s - window.summary.start_s
    return ReadSpeech(errors, words, asr_s, audio_s)


def filler_table(tallies: dict[str, Tally]) -> str:
    lines = [
        "| split | filler | reference | found | matched | precision | recall |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for split, tally in tallies.items():
        words = [w for w in HESITATION_WORDS if tally.found[w] or tally.expected[w]]
        for word in [*words, None]:
            lines.append(f"| {split} | {'**all**' if word is None else word} | {tally.cells(word)} |")
    return "\n".join(lines)


def voice_table(voices: dict[str, Tally]) -> str:
    lines = [
        "| split: voice | reference | found | matched | precision | recall |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    lines += [f"| {voice} | {tally.cells()} |" for voice, tally in voices.items()]
    return "\n".join(lines)


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"


def asr_override(text: str) -> tuple[str, Any]:
    """FIELD=VALUE of `AsrOptions` (see `option_override`)."""
    from gpu_workers.speech.options import AsrOptions

    return option_override(AsrOptions, text)


def dereverb_override(text: str) -> tuple[str, Any]:
    """FIELD=VALUE of `DereverbOptions` (see `option_override`)."""
    from gpu_workers.speech.options import DereverbOptions

    return option_override(DereverbOptions, text)


@dataclass
class Run:
    """One pass over the labelled clips: tallies per split and voice, clip rows, hard negatives, WER."""

    tallies: dict[str, Tally]
    voices: dict[str, Tally] = field(default_factory=dict)
    clip_rows: list[str] = field(default_factory=list)
    negatives: Counter[str] = field(default_factory=Counter)  # per split: clips without hesitations ...
    clean: Counter[str] = field(default_factory=Counter)  # ... and of those, the ones with none found
    wer: dict[str, Counter[str]] = field(default_factory=dict)


def run_clips(
    analyzer: Any, clips: dict[str, dict[str, Any]], splits: Sequence[str], rendering: str | None = None
) -> Run:
    """Each clip of `splits` as one window; `rendering`: through `speech_renderings.render` first."""
    from evaluation.speech_renderings import render

    run = Run(tallies={split: Tally() for split in splits}, wer={split: Counter() for split in splits})
    for path, clip in clips.items():
        if clip["split"] not in splits:
            continue
        media = media_path(path)
        window = analyzer.transcribe_window([(render(rendering, media, path) if rendering else media, 0.0)])
        found = hesitation_counts(window.summary.fillers)
        matched = matched_in_place(clip["ref"], window.summary.text)
        run.tallies[clip["split"]].add(found, clip["hesitations"], matched)
        run.voices.setdefault(f"{clip['split']}: {clip['voice']}", Tally()).add(
            found, clip["hesitations"], matched
        )
        errors, words = word_errors(spoken_reference(clip["ref"]), window.summary.text)
        run.wer[clip["split"]].update(errors=errors, words=words)
        if not clip["hesitations"]:
            run.negatives[clip["split"]] += 1
            run.clean[clip["split"]] += not found
        run.clip_rows.append(
            f"| {clip['split']} | {Path(path).name} | {_counts_text(clip['hesitations'])} | "
            f"{_counts_text(found)} | {_counts_text(matched)} | {clip['ref']} | {window.summary.text} |"
        )
    return run


def _wer_text(count: Counter[str]) -> str:
    return f"{count['errors'] / max(1, count['words']):.1%}"


def rendering_table(runs: dict[str, Run], splits: Sequence[str]) -> str:
    """Per rendering and split: hesitations in place, hard negatives clean, verbatim WER."""
    lines = [
        "| rendering | split | reference | found | matched | precision | recall | hard negatives clean "
        "| WER |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, run in runs.items():
        for split in splits:
            clean = f"{run.clean[split]} / {run.negatives[split]}"
            wer = _wer_text(run.wer[split])
            lines.append(f"| {name} | {split} | {run.tallies[split].cells()} | {clean} | {wer} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    from evaluation.speech_renderings import DEFAULT_RENDERINGS, RENDERINGS

    parser = argparse.ArgumentParser(prog="python -m evaluation.speech", description=__doc__)
    parser.add_argument("--split", choices=SPLITS, action="append", help="only these splits")
    parser.add_argument("--asr", type=asr_override, action="append", default=[], metavar="FIELD=VALUE")
    parser.add_argument(
        "--dereverb", type=dereverb_override, action="append", default=[], metavar="FIELD=VALUE"
    )
    parser.add_argument(
        "--acoustic-fillers",
        choices=("on", "off"),
        default="on",
        help="add the hesitations the acoustic detector hears and Whisper did not write (default on)",
    )
    parser.add_argument(
        "--rendering",
        choices=RENDERINGS,
        action="append",
        help=f"score the real clips re-rendered this way too (default: {', '.join(DEFAULT_RENDERINGS)})",
    )
    parser.add_argument("--no-renderings", action="store_true", help="the clean clips only")
    args = parser.parse_args(argv)
    from gpu_workers.speech import SpeechAnalyzer, SpeechOptions
    from gpu_workers.speech.options import AsrOptions, DereverbOptions

    clips: dict[str, dict[str, Any]] = json.loads(LABELS.read_text())["clips"]
    splits = args.split or list(SPLITS)
    asr = dataclasses.replace(AsrOptions(), **dict(args.asr))
    dereverb = dataclasses.replace(DereverbOptions(), **dict(args.dereverb))
    options = SpeechOptions(asr=asr, acoustic_fillers=args.acoustic_fillers == "on", dereverb=dereverb)
    analyzer = SpeechAnalyzer.create(options, eager_asr=True)
    run = run_clips(analyzer, clips, splits)
    read = read_speech(analyzer)
    overrides = [*args.asr, *(("dereverb." + k, v) for k, v in args.dereverb)]
    changed = ", ".join([*(f"{k}={v!r}" for k, v in overrides), f"acoustic fillers {args.acoustic_fillers}"])
    print(f"## Hesitation fillers (um, uh, er, hm), matched in place in the reference ({changed})\n")
    print(filler_table(run.tallies))
    print("\n### Per voice\n")
    print(voice_table(run.voices))
    clean, negatives = sum(run.clean.values()), sum(run.negatives.values())
    print(f"\nHard negatives (clips without hesitations) with none found: {clean} / {negatives}\n")
    print("## Clips\n")
    print("| split | clip | reference hesitations | found | in place | reference | transcript |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print("\n".join(run.clip_rows))
    print("\n## Word errors per split (verbatim: hesitations are words; the corpus's markup is dropped)\n")
    print("| split | WER | reference words |")
    print("| --- | --- | --- |")
    for split, count in run.wer.items():
        print(f"| {split} | {_wer_text(count)} | {count['words']} |")
    print("\n## Read speech (LibriVox, 3 clips)\n")
    print("| WER | reference words |")
    print("| --- | --- |")
    print(f"| {read.errors / read.words:.1%} | {read.words} |")
    real = [split for split in splits if split in REAL_SPLITS]
    if args.no_renderings or not real:
        return 0
    runs = {"clean": run}
    for rendering in args.rendering or DEFAULT_RENDERINGS:
        runs[rendering] = run_clips(analyzer, clips, real, rendering)
    print("\n## The real clips in a candidate's room (`evaluation.speech_renderings`, not tuned on)\n")
    print(rendering_table(runs, real))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
