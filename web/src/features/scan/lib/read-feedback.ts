// What the teller hears and feels when the camera reads a code: a short beep (Web Audio, no sound file) and a
// vibration where the device has one. Switchable per device; the setting is a preference, not personal data, so it
// is kept in localStorage like the camera choice.

const KEY = "stiika.scan.feedback";

export function feedbackEnabled(): boolean {
  try {
    return localStorage.getItem(KEY) !== "off";
  } catch {
    return true; // storage blocked: the default
  }
}

export function setFeedbackEnabled(on: boolean): void {
  try {
    localStorage.setItem(KEY, on ? "on" : "off");
  } catch {
    // not remembered across reloads, still applied now
  }
}

let audio: AudioContext | null = null;

/** One 90 ms 1.8 kHz beep and a 60 ms buzz; silently nothing where audio or vibration is unavailable. */
export function signalRead(): void {
  navigator.vibrate?.(60);
  try {
    audio ??= new AudioContext();
    // The page has had the teller's clicks (sign-in, service), so a suspended context may resume.
    if (audio.state === "suspended") void audio.resume();
    const t = audio.currentTime;
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 1800;
    // A short ramp in and out: a hard-edged square of sound clicks.
    gain.gain.setValueAtTime(0, t);
    gain.gain.linearRampToValueAtTime(0.25, t + 0.01);
    gain.gain.linearRampToValueAtTime(0, t + 0.09);
    tone.connect(gain).connect(audio.destination);
    tone.start(t);
    tone.stop(t + 0.1);
  } catch {
    // no Web Audio (or blocked by policy): the vibration and the screen change remain
  }
}
