// The aim box is the only part of the frame we decode: a centred 4:3 region, sent to the worker as 640×480.

export const CROP_WIDTH = 640;
export const CROP_HEIGHT = 480;

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
