// Iterative radix-2 FFT: bit-reversal permutation, then log2(n) butterfly stages with twiddles
// computed once per stage from cos/sin (accurate to ~1e-15 for the sizes used here).
#include "modules/actuarial/fft.hpp"

#include <cassert>
#include <cmath>
#include <numbers>
#include <utility>

namespace medrisk::actuarial {

std::size_t next_power_of_two(std::size_t n) {
  std::size_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

void fft(std::vector<std::complex<double>>& a, bool inverse) {
  const std::size_t n = a.size();
  assert(n > 0 && (n & (n - 1)) == 0);
  for (std::size_t i = 1, j = 0; i < n; ++i) {
    std::size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  std::vector<std::complex<double>> twiddle(n / 2 + 1);
  for (std::size_t len = 2; len <= n; len <<= 1) {
    const std::size_t half = len / 2;
    const double angle = (inverse ? 2.0 : -2.0) * std::numbers::pi / static_cast<double>(len);
    for (std::size_t k = 0; k < half; ++k)
      twiddle[k] = std::polar(1.0, angle * static_cast<double>(k));
    for (std::size_t start = 0; start < n; start += len) {
      std::complex<double>* lo = &a[start];
      std::complex<double>* hi = lo + half;
      for (std::size_t k = 0; k < half; ++k) {
        // Written out: std::complex operator* checks for NaN/Inf (C99 Annex G) and is 3× slower.
        const double hr = hi[k].real(), hm = hi[k].imag(), wr = twiddle[k].real(), wm = twiddle[k].imag();
        const std::complex<double> t(hr * wr - hm * wm, hr * wm + hm * wr);
        hi[k] = lo[k] - t;
        lo[k] += t;
      }
    }
  }
}

}  // namespace medrisk::actuarial
