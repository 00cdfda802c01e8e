export function LevelMeter({ level }: { level: number }) {
  const pct = Math.round(level * 100);
  return (
    <div>
      <div className="flex justify-between text-sm"><span id="mic-level-label" className="font-medium">Microphone level</span><span className="muted">{level > 0.05 ? "We can hear you" : "Say something"}</span></div>
      <div role="meter" aria-labelledby="mic-level-label" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}
        className="mt-1 h-3 w-full overflow-hidden rounded-full bg-slate-200">
        <div className="h-full rounded-full bg-brand-500 transition-[width] duration-75" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
