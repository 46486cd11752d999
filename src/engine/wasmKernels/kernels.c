/*
 * Paretoscope's WebAssembly SIMD kernels for the TF.js wasm backend (issue #7).
 *
 * They run inside the backend's own linear memory (this module imports it), so a kernel reads its inputs and
 * writes its output where TF.js keeps the tensors: no copies. Hence the rules this file keeps:
 *   - no static data and no shadow stack (scripts/buildWasmKernels.ts checks the module has no data section and
 *     never moves __stack_pointer): the memory belongs to TF.js's allocator;
 *   - no libc: memcpy-like loops become memory.copy (bulk memory), everything else is plain arithmetic.
 * Every kernel computes exactly what a composition of TF.js ops in src/engine/ops.ts computes (same float32
 * results up to summation order; tests in wasmKernels.test.ts compare them on the wasm backend).
 *
 * Layouts are TF.js's: row-major, NHWC for images.
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

/*
 * Gradient of a 2x2, stride-2 max pool (floor on odd sizes): dx[n, 2i+a, 2j+b, c] = dy[n, i, j, c] where
 * x[n, 2i+a, 2j+b, c] == y[n, i, j, c], else 0 (tied maxima all receive the gradient, as the mask composition
 * in ops.ts does; the mask is multiplied in, so a NaN in dy stays NaN there too). Rows and columns past 2·oh
 * and 2·ow, which the pool never read, get 0.
 */
EXPORT(max_pool_2x2_grad)
void max_pool_2x2_grad(const float *x, const float *y, const float *dy, float *dx, int n, int h, int w, int c) {
  const int oh = h / 2, ow = w / 2;
  const int rowStride = w * c;
  const int vectorChannels = c & ~3;
  const v128_t one = wasm_f32x4_splat(1.0f);
  for (int b = 0; b < n; b++) {
    const float *xImage = x + (long)b * h * rowStride;
    float *dxImage = dx + (long)b * h * rowStride;
    const float *yImage = y + (long)b * oh * ow * c;
    const float *dyImage = dy + (long)b * oh * ow * c;
    for (int i = 0; i < oh; i++) {
      const float *x0 = xImage + (2 * i) * rowStride;
      const float *x1 = x0 + rowStride;
      float *d0 = dxImage + (2 * i) * rowStride;
      float *d1 = d0 + rowStride;
      const float *yRow = yImage + i * ow * c;
      const float *dyRow = dyImage + i * ow * c;
      for (int j = 0; j < ow; j++) {
        const int left = 2 * j * c, right = left + c, o = j * c;
        int ch = 0;
        for (; ch < vectorChannels; ch += 4) {
          const v128_t m = wasm_v128_load(yRow + o + ch);
          const v128_t g = wasm_v128_load(dyRow + o + ch);
          // (x == y) is all-ones where equal; and-ing with 1.0f gives the 1/0 mask of the composition.
          wasm_v128_store(d0 + left + ch, wasm_f32x4_mul(wasm_v128_and(wasm_f32x4_eq(wasm_v128_load(x0 + left + ch), m), one), g));
          wasm_v128_store(d0 + right + ch, wasm_f32x4_mul(wasm_v128_and(wasm_f32x4_eq(wasm_v128_load(x0 + right + ch), m), one), g));
          wasm_v128_store(d1 + left + ch, wasm_f32x4_mul(wasm_v128_and(wasm_f32x4_eq(wasm_v128_load(x1 + left + ch), m), one), g));
          wasm_v128_store(d1 + right + ch, wasm_f32x4_mul(wasm_v128_and(wasm_f32x4_eq(wasm_v128_load(x1 + right + ch), m), one), g));
        }
        for (; ch < c; ch++) {
          const float m = yRow[o + ch], g = dyRow[o + ch];
          d0[left + ch] = (x0[left + ch] == m ? 1.0f : 0.0f) * g;
          d0[right + ch] = (x0[right + ch] == m ? 1.0f : 0.0f) * g;
          d1[left + ch] = (x1[left + ch] == m ? 1.0f : 0.0f) * g;
          d1[right + ch] = (x1[right + ch] == m ? 1.0f : 0.0f) * g;
        }
      }
      // An odd width: the last column was never read.
      for (int k = 2 * ow * c; k < rowStride; k++) d0[k] = d1[k] = 0.0f;
    }
    // An odd height: the last row was never read.
    for (int k = 2 * oh * rowStride; k < h * rowStride; k++) dxImage[k] = 0.0f;
  }
}

/*
 * Image patches (im2col) of a valid, stride-1 window kh x kw:
 *   out[n, p, q, (a·kw + b)·c + ch] = x[n, p + a, q + b, ch],   out: [n, h - kh + 1, w - kw + 1, kh·kw·c].
 * The same tensor as ops.ts's identity-kernel convolution, by copying: one window row is kw·c contiguous floats.
 */
EXPORT(image_patches)
void image_patches(const float *x, float *out, int n, int h, int w, int c, int kh, int kw) {
  const int outH = h - kh + 1, outW = w - kw + 1;
  const int span = kw * c, depth = kh * span;
  for (int b = 0; b < n; b++) {
    const float *image = x + (long)b * h * w * c;
    for (int p = 0; p < outH; p++) {
      for (int q = 0; q < outW; q++) {
        const float *corner = image + (p * w + q) * c;
        for (int a = 0; a < kh; a++) __builtin_memcpy(out + a * span, corner + a * w * c, (unsigned long)span * sizeof(float));
        out += depth;
      }
    }
  }
}

/*
 * out[k, m] = Σ_r a[r, k] · b[r, m] (aᵀ·b) for row-major a [rows, K] and b [rows, M], without transposing a.
 * The weight gradient of a layer that reads image patches (patchesᵀ · dy) and of a dense layer (inputᵀ · dy).
 *
 * The rows are taken in tiles small enough that a tile of a and b stays in cache while every 4 x 8 block of
 * the output accumulates in registers over it; the output then gathers the tiles' partial sums.
 */
#define ROW_TILE 256

static inline void at_b_block_4x8(const float *a, const float *b, float *out, int rows, int lda, int ldb, int ldo) {
  v128_t c00 = wasm_f32x4_splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (int r = 0; r < rows; r++) {
    const float *ar = a + r * lda;
    const v128_t b0 = wasm_v128_load(b + r * ldb), b1 = wasm_v128_load(b + r * ldb + 4);
    const v128_t a0 = wasm_f32x4_splat(ar[0]), a1 = wasm_f32x4_splat(ar[1]), a2 = wasm_f32x4_splat(ar[2]), a3 = wasm_f32x4_splat(ar[3]);
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a0, b0));
    c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a0, b1));
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a1, b0));
    c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a1, b1));
    c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(a2, b0));
    c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(a2, b1));
    c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(a3, b0));
    c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(a3, b1));
  }
  float *o0 = out, *o1 = out + ldo, *o2 = out + 2 * ldo, *o3 = out + 3 * ldo;
  wasm_v128_store(o0, wasm_f32x4_add(wasm_v128_load(o0), c00));
  wasm_v128_store(o0 + 4, wasm_f32x4_add(wasm_v128_load(o0 + 4), c01));
  wasm_v128_store(o1, wasm_f32x4_add(wasm_v128_load(o1), c10));
  wasm_v128_store(o1 + 4, wasm_f32x4_add(wasm_v128_load(o1 + 4), c11));
  wasm_v128_store(o2, wasm_f32x4_add(wasm_v128_load(o2), c20));
  wasm_v128_store(o2 + 4, wasm_f32x4_add(wasm_v128_load(o2 + 4), c21));
  wasm_v128_store(o3, wasm_f32x4_add(wasm_v128_load(o3), c30));
  wasm_v128_store(o3 + 4, wasm_f32x4_add(wasm_v128_load(o3 + 4), c31));
}

static inline void at_b_block_1x4(const float *a, const float *b, float *out, int rows, int lda, int ldb) {
  v128_t acc = wasm_f32x4_splat(0);
  for (int r = 0; r < rows; r++) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_f32x4_splat(a[r * lda]), wasm_v128_load(b + r * ldb)));
  wasm_v128_store(out, wasm_f32x4_add(wasm_v128_load(out), acc));
}

static inline void at_b_block_1x1(const float *a, const float *b, float *out, int rows, int lda, int ldb) {
  float acc = 0;
  for (int r = 0; r < rows; r++) acc += a[r * lda] * b[r * ldb];
  *out += acc;
}

EXPORT(matmul_at_b)
void matmul_at_b(const float *a, const float *b, float *out, int rows, int k, int m) {
  for (int i = 0; i < k * m; i++) out[i] = 0.0f;
  const int k4 = k & ~3, m8 = m & ~7;
  for (int r0 = 0; r0 < rows; r0 += ROW_TILE) {
    const int tile = rows - r0 < ROW_TILE ? rows - r0 : ROW_TILE;
    const float *aTile = a + (long)r0 * k;
    const float *bTile = b + (long)r0 * m;
    for (int kk = 0; kk < k4; kk += 4) {
      for (int mm = 0; mm < m8; mm += 8) at_b_block_4x8(aTile + kk, bTile + mm, out + kk * m + mm, tile, k, m, m);
    }
    // Columns past the last full block of 8, for every row of the output; then the rows past the last block of 4.
    for (int kk = 0; kk < k; kk++) {
      const int firstColumn = kk < k4 ? m8 : 0;
      int mm = firstColumn;
      for (; mm + 4 <= m; mm += 4) at_b_block_1x4(aTile + kk, bTile + mm, out + kk * m + mm, tile, k, m);
      for (; mm < m; mm++) at_b_block_1x1(aTile + kk, bTile + mm, out + kk * m + mm, tile, k, m);
    }
  }
}

/*
 * out[m] = Σ_r b[r, m] for row-major b [rows, M]: the bias gradient Σ_{n,h,w} dy of a per-channel bias (and the
 * sums of batch normalisation's gradient), which TF.js computes as a reduction over three axes or, in ops.ts,
 * as a row of ones times b. Columns go in groups of 16 held in registers over all rows.
 */
EXPORT(column_sums)
void column_sums(const float *b, float *out, int rows, int m) {
  int j = 0;
  for (; j + 16 <= m; j += 16) {
    v128_t s0 = wasm_f32x4_splat(0), s1 = s0, s2 = s0, s3 = s0;
    for (int r = 0; r < rows; r++) {
      const float *row = b + (long)r * m + j;
      s0 = wasm_f32x4_add(s0, wasm_v128_load(row));
      s1 = wasm_f32x4_add(s1, wasm_v128_load(row + 4));
      s2 = wasm_f32x4_add(s2, wasm_v128_load(row + 8));
      s3 = wasm_f32x4_add(s3, wasm_v128_load(row + 12));
    }
    wasm_v128_store(out + j, s0);
    wasm_v128_store(out + j + 4, s1);
    wasm_v128_store(out + j + 8, s2);
    wasm_v128_store(out + j + 12, s3);
  }
  for (; j + 4 <= m; j += 4) {
    v128_t s = wasm_f32x4_splat(0);
    for (int r = 0; r < rows; r++) s = wasm_f32x4_add(s, wasm_v128_load(b + (long)r * m + j));
    wasm_v128_store(out + j, s);
  }
  for (; j < m; j++) {
    float s = 0;
    for (int r = 0; r < rows; r++) s += b[(long)r * m + j];
    out[j] = s;
  }
}

/*
 * The adjoint of image_patches (col2im): dx[n, p + a, q + b, ch] = Σ over the windows (p, q) that read it of
 * dp[n, p, q, (a·kw + b)·c + ch]. With dp = dy · Wᵀ this is the input gradient of a valid stride-1 conv, in
 * kh·kw·ci·co multiply-adds per output position instead of the padded full correlation's larger grid.
 */
EXPORT(patches_to_image)
void patches_to_image(const float *dp, float *dx, int n, int h, int w, int c, int kh, int kw) {
  const int outH = h - kh + 1, outW = w - kw + 1;
  const int span = kw * c, depth = kh * span;
  for (long i = 0; i < (long)n * h * w * c; i++) dx[i] = 0.0f;
  for (int b = 0; b < n; b++) {
    float *image = dx + (long)b * h * w * c;
    for (int p = 0; p < outH; p++) {
      for (int q = 0; q < outW; q++) {
        float *corner = image + (p * w + q) * c;
        for (int a = 0; a < kh; a++) {
          float *target = corner + a * w * c;
          const float *source = dp + a * span;
          int k = 0;
          for (; k + 4 <= span; k += 4) wasm_v128_store(target + k, wasm_f32x4_add(wasm_v128_load(target + k), wasm_v128_load(source + k)));
          for (; k < span; k++) target[k] += source[k];
        }
        dp += depth;
      }
    }
  }
}
