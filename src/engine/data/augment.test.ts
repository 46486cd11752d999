import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { rotateImages, rotationAngles } from './augment';

const deg = (d: number) => (d * Math.PI) / 180;

describe('rotateImages', () => {
  it('turns an image counter-clockwise as displayed by a positive angle (exact at 90° and 180°)', () => {
    // 3×3, one channel: rows top to bottom.
    const image = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    rotateImages(image, 3, 3, 1, [deg(90)]);
    expect(Array.from(image)).toEqual([3, 6, 9, 2, 5, 8, 1, 4, 7]);
    // 4×4 (centre between pixels), three channels: 180° reverses the pixel order and keeps each pixel's channels.
    const rgb = Uint8Array.from({ length: 4 * 4 * 3 }, (_, k) => k);
    const turned = rgb.slice();
    rotateImages(turned, 4, 4, 3, [deg(180)]);
    for (let p = 0; p < 16; p++) for (let c = 0; c < 3; c++) expect(turned[p * 3 + c]).toBe(rgb[(15 - p) * 3 + c]);
  });

  it('fills pixels from outside the image with 0, leaves angle 0 alone, and rotates each image by its own angle', () => {
    const two = new Uint8Array(2 * 8 * 8).fill(200);
    rotateImages(two, 8, 8, 1, [deg(45), 0]);
    expect(two[0]).toBe(0); // the top-left corner of image 0 comes from outside
    expect(two[4 * 8 + 4]).toBe(200); // its centre stays
    expect(Array.from(two.subarray(64))).toEqual(new Array(64).fill(200)); // image 1 untouched
  });

  it('draws seeded angles within ±max', () => {
    const a = rotationAngles(new Rng(3), 1000, 20);
    const b = rotationAngles(new Rng(3), 1000, 20);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Math.max(...a.map(Math.abs))).toBeLessThanOrEqual(deg(20));
    expect(Math.max(...a)).toBeGreaterThan(deg(19));
    expect(Math.min(...a)).toBeLessThan(deg(-19));
    expect(Array.from(rotationAngles(new Rng(4), 1000, 20))).not.toEqual(Array.from(a));
  });
});
