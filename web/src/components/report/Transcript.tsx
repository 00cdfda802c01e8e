import type { Report, ReportWord } from "@/lib/types";
import { NOISY_ROOM_DB } from "@/lib/roomNoise";

export function Transcript({ report, onSeek }: { report: Report; onSeek?: (t: number) => void }) {
  const words = report.transcript.words ?? [];
  const answers = report.answers ?? [];
  const byAnswer = new Map<number, ReportWord[]>();
  for (const w of words) {
    const k = w.answer_index ?? 0;
    byAnswer.set(k, [...(byAnswer.get(k) ?? []), w]);
  }
  // Every answer, said or not (a question passed in silence is listed as such), else the words' answers.
  const indexes = answers.length ? answers.map((a) => a.index) : [...byAnswer.keys()];
  const groups: [number, ReportWord[]][] = byAnswer.size
    ? [...new Set(indexes)].sort((a, b) => a - b).map((i) => [i, byAnswer.get(i) ?? []])
    : [];
  return (
    <section className="card" aria-labelledby="transcript-title" data-testid="transcript">
      <h2 id="transcript-title" className="text-lg font-semibold">Transcript</h2>
      <p className="muted text-sm">
        Filler words are <mark className="filler">highlighted</mark>. Select a word to jump to it in the replay.
      </p>
      {byAnswer.size === 0 && <p className="mt-3">{report.transcript.text || "No speech was recognised."}</p>}
      {groups.map(([idx, ws]) => {
        const answer = answers.find((a) => a.index === idx);
        const noise = answer?.speech_to_noise_db;
        return (
          <div key={idx} className="mt-4">
            <h3 className="text-sm font-semibold">{answer?.question ?? `Answer ${idx + 1}`}</h3>
            {noise != null && noise < NOISY_ROOM_DB && (
              <p className="muted text-xs" data-testid="answer-noise">
                Loud background noise during this answer (your speech stood only {Math.round(noise)} dB above it): its transcript may miss words.
              </p>
            )}
            {answer?.echoey_room && (
              <p className="muted text-xs" data-testid="answer-echo">
                Your room echoed during this answer: the echo was taken out before transcribing, but its transcript may still miss words.
              </p>
            )}
            {ws.length === 0 && (
              <p className="muted mt-1 text-sm" data-testid="answer-unsaid">
                {answer?.answered === false ? "Nothing was said in this answer." : "No transcript for this answer."}
              </p>
            )}
            <p className="mt-1 leading-relaxed">
              {ws.map((w, i) => (
                <span key={i}>
                  {w.is_filler ? (
                    <mark className="filler" data-filler={w.text.toLowerCase().replace(/[^a-z' ]/g, "")} title={`Filler at ${w.start_s.toFixed(1)} s`}>
                      {onSeek ? <button type="button" className="cursor-pointer" onClick={() => onSeek(w.start_s)}>{w.text}</button> : w.text}
                    </mark>
                  ) : onSeek ? (
                    <button type="button" className="cursor-pointer hover:underline" onClick={() => onSeek(w.start_s)}>{w.text}</button>
                  ) : (
                    w.text
                  )}{" "}
                </span>
              ))}
            </p>
          </div>
        );
      })}
    </section>
  );
}
