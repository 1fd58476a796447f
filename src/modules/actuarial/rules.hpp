// The actuarial module's pure rules in one include: triangles, CSV reading, chain ladder, Mack,
// Bornhuetter–Ferguson, Cape Cod and aggregate loss distributions. No I/O beyond read_text_file.
#pragma once

#include "modules/actuarial/aggregate.hpp"
#include "modules/actuarial/bf.hpp"
#include "modules/actuarial/capecod.hpp"
#include "modules/actuarial/chainladder.hpp"
#include "modules/actuarial/csv.hpp"
#include "modules/actuarial/distributions.hpp"
#include "modules/actuarial/errors.hpp"
#include "modules/actuarial/mack.hpp"
#include "modules/actuarial/model.hpp"
#include "modules/actuarial/triangle.hpp"
