// A small iterative radix-2 Cooley–Tukey FFT (Cooley & Tukey 1965) for the aggregate loss method;
// no external library. Length must be a power of two.
#pragma once

#include <complex>
#include <vector>

namespace medrisk::actuarial {

// In place. inverse = true computes the unscaled inverse transform (divide by n yourself).
void fft(std::vector<std::complex<double>>& data, bool inverse);

std::size_t next_power_of_two(std::size_t n);

}  // namespace medrisk::actuarial
