// Amounts in Chinese capitals (中文大写金额) as written on agreements, notices and bills, after the
// rules of the People's Bank of China 《支付结算办法》 (1997) annex 《正确填写票据和结算凭证的基本规定》:
// 壹贰叁… with 拾佰仟万亿, "整" after 元 when there are no 角/分, no "整" after 角 or 分, one 零 for a run
// of zeros inside the number, 零 after 元 when the 角 digit is 0 and the 分 digit is not (mandatory) or the
// 元 digit is 0 and 角 is not (the rule's first form: 壹仟陆佰捌拾元零叁角贰分), 壹拾 for a leading ten.
#pragma once

#include <string>

#include "kernel/money.hpp"

namespace medrisk {

// 224562.00 → 贰拾贰万肆仟伍佰陆拾贰元整; 16409.02 → 壹万陆仟肆佰零玖元零贰分; 0.50 → 伍角;
// 0 → 零元整; a negative amount is prefixed with 负.
std::string chinese_capital_amount(Money amount);

}  // namespace medrisk
