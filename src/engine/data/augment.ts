/**
 * Rotation augmentation (SPEC §7: ±20° for Cifar10Mnist, training batches only), on the raw uint8 images before
 * normalisation, like torchvision's RandomRotation(20) ahead of ToTensor/Normalize: one angle per image, uniform
 * in [−maxDegrees, maxDegrees]; nearest-neighbour sampling; rotation about the image centre ((w−1)/2, (h−1)/2)
 * in pixel indices; pixels that come from outside the image are 0 (black). A positive angle turns the image
 * counter-clockwise as displayed (rows top to bottom).
 *
 * Plain JS rather than tf.image.rotateWithOffset: that op takes one angle for the whole batch (wasm has the
 * kernel, but per-image angles would need one call per image), and a loop over uint8 data is cheap
 * (docs/performance.md). Deterministic: the angles come from a seeded Rng, so a seed fixes every rotated batch.
 */
import type { Rng } from '../random';

/** count angles in radians, uniform in [−maxDegrees, maxDegrees]. */
export function rotationAngles(rng: Rng, count: number, maxDegrees: number): Float64Array {
  const angles = new Float64Array(count);
  const max = (maxDegrees * Math.PI) / 180;
  for (let i = 0; i < count; i++) angles[i] = (2 * rng.next() - 1) * max;
  return angles;
}

/**
 * Rotates image i of `images` (count × h × w × c uint8, channels last) by angles[i] radians, in place.
 * `scratch` (h·w·c values) may be passed to avoid an allocation per call.
 */
export function rotateImages(images: Uint8Array, h: number, w: number, c: number, angles: ArrayLike<number>, scratch?: Uint8Array): void {
  const pixels = h * w * c;
  if (images.length < angles.length * pixels) throw new Error(`rotateImages: ${angles.length} images need ${angles.length * pixels} values, got ${images.length}`);
  const source = scratch && scratch.length >= pixels ? scratch : new Uint8Array(pixels);
  const cy = (h - 1) / 2;
  const cx = (w - 1) / 2;
  for (let i = 0; i < angles.length; i++) {
    const angle = angles[i];
    if (angle === 0) continue;
    const image = images.subarray(i * pixels, (i + 1) * pixels);
    source.set(image);
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    for (let y = 0; y < h; y++) {
      const dy = y - cy;
      for (let x = 0; x < w; x++) {
        const dx = x - cx;
        // Inverse map: the output pixel (x, y) shows the source pixel rotated by −angle around the centre.
        const sx = Math.round(cos * dx - sin * dy + cx);
        const sy = Math.round(sin * dx + cos * dy + cy);
        const out = (y * w + x) * c;
        if (sx < 0 || sx >= w || sy < 0 || sy >= h) {
          image.fill(0, out, out + c);
        } else {
          const from = (sy * w + sx) * c;
          for (let ch = 0; ch < c; ch++) image[out + ch] = source[from + ch];
        }
      }
    }
  }
}
