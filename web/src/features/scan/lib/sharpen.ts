// An unsharp mask on luminance for the decoder's tile pass: a code at arm's length, slightly out of focus, has bars
// 3–4 px wide smeared by about 2 px, and the binarizer then merges neighbours. Subtracting a Gaussian-blurred copy
// restores their edges (measured in the camera bench, web/README.md). Gray out: zxing reads luminance only.

/** Gaussian σ (px) and strength chosen with the camera bench's far-blur frames. */
export const SHARPEN_SIGMA = 1.5;
export const SHARPEN_AMOUNT = 2;

function kernel(sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(sigma * 2));
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) {
    const v = Math.exp(-(i * i) / (2 * sigma * sigma));
    k[i + r] = v;
    sum += v;
  }
  for (let i = 0; i < k.length; i++) k[i] = (k[i] as number) / sum;
  return k;
}

/** The row pass of the separable blur, edges clamped (handled apart so the inner loop has no branches). */
function blurRows(src: Float32Array, dst: Float32Array, width: number, height: number, k: Float32Array) {
  const r = (k.length - 1) / 2;
  const taps = k.length;
  const clamped = (row: number, x: number) => {
    let acc = 0;
    for (let j = -r; j <= r; j++) {
      const q = x + j < 0 ? 0 : x + j >= width ? width - 1 : x + j;
      acc += (k[j + r] as number) * (src[row + q] as number);
    }
    return acc;
  };
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < Math.min(r, width); x++) dst[row + x] = clamped(row, x);
    for (let x = r; x < width - r; x++) {
      let acc = 0;
      const start = row + x - r;
      for (let j = 0; j < taps; j++) acc += (k[j] as number) * (src[start + j] as number);
      dst[row + x] = acc;
    }
    for (let x = Math.max(r, width - r); x < width; x++) dst[row + x] = clamped(row, x);
  }
}

/** The column pass, done a whole row at a time so memory is read in order (a column walk is 5× slower). */
function blurColumns(src: Float32Array, dst: Float32Array, width: number, height: number, k: Float32Array) {
  const r = (k.length - 1) / 2;
  dst.fill(0);
  for (let y = 0; y < height; y++) {
    const out = y * width;
    for (let j = -r; j <= r; j++) {
      const w = k[j + r] as number;
      const inRow = (y + j < 0 ? 0 : y + j >= height ? height - 1 : y + j) * width;
      for (let x = 0; x < width; x++)
        dst[out + x] = (dst[out + x] as number) + w * (src[inRow + x] as number);
    }
  }
}

/** Sharpens `image` in place: its luminance, unsharp-masked, written back as gray. */
/** Working buffers kept between calls: a tile is sharpened every third tick, and three fresh arrays of ~3 MB each
 * time would keep a tablet's garbage collector busy. Grown to the largest frame seen (a turned tile's box). */
let scratch = new Float32Array(0);

export function sharpenLuminance(image: ImageData, sigma = SHARPEN_SIGMA, amount = SHARPEN_AMOUNT): void {
  const { width, height, data } = image;
  const n = width * height;
  if (scratch.length < 3 * n) scratch = new Float32Array(3 * n);
  const lum = scratch.subarray(0, n);
  const tmp = scratch.subarray(n, 2 * n);
  const soft = scratch.subarray(2 * n, 3 * n);
  for (let i = 0, p = 0; i < n; i++, p += 4)
    lum[i] = 0.299 * (data[p] as number) + 0.587 * (data[p + 1] as number) + 0.114 * (data[p + 2] as number);
  const k = kernel(sigma);
  blurRows(lum, tmp, width, height, k);
  blurColumns(tmp, soft, width, height, k);
  for (let i = 0, p = 0; i < n; i++, p += 4) {
    const l = lum[i] as number;
    const v = l + amount * (l - (soft[i] as number));
    data[p] = data[p + 1] = data[p + 2] = v; // Uint8ClampedArray clamps to 0–255
  }
}
