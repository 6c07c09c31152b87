// The aim box drawn over the preview: where the client is asked to hold the code. A guide only — the decoder
// reads the whole view (decode-plan.ts), so a code held closer or off to one side is read all the same.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Centred 4:3 box: 60 % of the frame height, narrowed to 90 % of the width on portrait frames. */
export function aimBox(videoWidth: number, videoHeight: number): Rect {
  let height = videoHeight * 0.6;
  let width = (height * 4) / 3;
  if (width > videoWidth * 0.9) {
    width = videoWidth * 0.9;
    height = (width * 3) / 4;
  }
  const w = Math.round(width);
  const h = Math.round(height);
  return { x: Math.round((videoWidth - w) / 2), y: Math.round((videoHeight - h) / 2), width: w, height: h };
}
