// What each decode tick cuts out of the video and scales it to. The whole view is always read — the aim box is a
// guide for the client, not a limit — in passes that take turns, chosen with the decoder bench (`pnpm bench`, the
// camera-frame table in web/README.md): a code held close fills much of the frame and reads well downscaled (less
// noise, fewer pixels to scan); a code at arm's length has few pixels per bar and needs all of them.

export interface DecodePass {
  /** Source rectangle in video pixels. */
  sx: number;
  sy: number;
  sw: number;
  sh: number;
  /** Size of the ImageBitmap sent to the decoder. */
  width: number;
  height: number;
  /** Unsharp-mask it first (lib/sharpen.ts): the tiles, where a small code's few pixels per bar are blurred. */
  sharpen: boolean;
  /** Degrees (clockwise) the decoder turns it first: a small barcode held at a slant is read straightened. */
  rotate: number;
}

/** Width of the quick whole-view pass. */
export const OVERVIEW_WIDTH = 960;
/** Widest whole view the detail pass decodes: 720p as it is; 1080p scaled, since 1920 px cost 3× the time. */
export const DETAIL_WIDTH = 1280;
/** Share of the frame's width and height one tile covers: overlapping enough that a code a fifth of the width
 * always lies whole in one of the four. */
export const TILE_SHARE = 0.6;
/** Width a tile is decoded at: 1080p tiles as they are, 720p ones enlarged 1.5× — the decoder finds the edges of
 * bars 2–3 px wide better between interpolated pixels (measured: blurred far codes). */
export const TILE_WIDTH = 1152;

/** The turns a tile is read at, one per plan cycle: straight, then slanted either way (measured: web/README.md). */
export const TILE_ANGLES = [0, 20, -20];

function pass(
  sx: number,
  sy: number,
  sw: number,
  sh: number,
  width: number,
  sharpen = false,
  rotate = 0,
): DecodePass {
  return { sx, sy, sw, sh, width, height: Math.round((sh * width) / sw), sharpen, rotate };
}

/**
 * The passes in the order the ticks take them. Up to 960 px wide: the whole frame as it is. Wider: the whole frame
 * at 960 and at up to 1280, and after each such pair one of four corner tiles at 1152 px, sharpened — so a small
 * code anywhere gets its pixels once every 12 ticks (1.5 s at 8 ticks a second) — and turned by the next of
 * TILE_ANGLES on each round of the tiles: a small slanted barcode is read within 36 ticks (4.5 s).
 */
export function decodePasses(videoWidth: number, videoHeight: number): DecodePass[] {
  const overview = pass(0, 0, videoWidth, videoHeight, Math.min(videoWidth, OVERVIEW_WIDTH));
  if (videoWidth <= OVERVIEW_WIDTH) return [overview];
  const detail = pass(0, 0, videoWidth, videoHeight, Math.min(videoWidth, DETAIL_WIDTH));
  const tw = Math.round(videoWidth * TILE_SHARE);
  const th = Math.round(videoHeight * TILE_SHARE);
  const corners = [
    [0, 0],
    [videoWidth - tw, 0],
    [0, videoHeight - th],
    [videoWidth - tw, videoHeight - th],
  ];
  return TILE_ANGLES.flatMap((angle) =>
    corners.flatMap(([x = 0, y = 0]) => [overview, detail, pass(x, y, tw, th, TILE_WIDTH, true, angle)]),
  );
}
