// phone_plan.cc: the C++ shim over libphonenumber's PhoneNumberUtil that
// phone_plan.h declares, built as the module postcheck-phone.so: it
// exports only the table pc__phone_entry, which the host's loader
// (phone_load.c) reads after dlopen. Numbers are built from their digits directly
// (country code, national number, leading zeros) rather than parsed from
// text, which is several times cheaper; the detector has already found
// and split the digits. No exception leaves this file.
#include "phone_plan.h"

#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumberutil.h>

#include <cstdint>
#include <cstring>
#include <string>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

// The regions whose nationally written numbers are checked: the UK and
// Ireland, North America, Australia and New Zealand, and the European and
// other countries whose people write in English online most often.
// Luxembourg is left out: its numbers have any length from 4 to 11
// digits, so nearly every digit run "fits" it.
const char *const home[] = {
    "GB", "US", "IE", "AU", "NZ", "DE", "AT", "CH", "FR", "BE",
    "NL", "ES", "PT", "IT", "PL", "FI", "SE", "NO", "DK", "HU", "GR",
    "JP", "CZ", "EE", "IN", "ZA",
};
const int n_home = sizeof home / sizeof home[0];

struct region {
    int cc;
    std::string trunk;     // national (trunk) prefix, "" if none
    std::uint32_t lengths; // bit L set: a national number of L digits is
                           // possible
};

region regions[n_home];
const PhoneNumberUtil *util;
bool tried;

// A logger that drops everything: the host never logs post data.
class Quiet : public i18n::phonenumbers::Logger {
  public:
    void WriteMessage(const std::string &) override {}
};

// Fills num with national digits d[0, n): leading zeros are kept as
// libphonenumber stores them (Italian-style numbers).
bool set_national(PhoneNumber *num, const char *d, size_t n)
{
    size_t z = 0;
    std::uint64_t v = 0;

    if (n == 0 || n > 17)
        return false;
    while (z < n && d[z] == '0')
        z++;
    if (z == n)
        return false;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + static_cast<std::uint64_t>(d[i] - '0');
    if (z > 0) {
        num->set_italian_leading_zero(true);
        if (z > 1)
            num->set_number_of_leading_zeros(static_cast<int>(z));
    }
    num->set_national_number(v);
    return true;
}

// The length check (possible) is cheap; the range check (valid) runs the
// plan's patterns, so it runs only on a number of a possible length.
int fit(const PhoneNumber &num, const char *region_code)
{
    if (!util->IsPossibleNumber(num))
        return PC__PLAN_NONE;
    if (region_code ? util->IsValidNumberForRegion(num, region_code)
                    : util->IsValidNumber(num))
        return PC__PLAN_VALID;
    return PC__PLAN_POSSIBLE;
}

int plan_load(void)
{
    if (tried)
        return util != nullptr;
    tried = true;
    try {
        PhoneNumberUtil *u = PhoneNumberUtil::GetInstance();

        u->SetLogger(new Quiet());
        for (int i = 0; i < n_home; i++) {
            std::uint64_t v = 1;

            regions[i].cc = u->GetCountryCodeForRegion(home[i]);
            u->GetNddPrefixForRegion(home[i], true, &regions[i].trunk);
            // Possible is a matter of length alone: learn the lengths
            // once, so a check skips the regions a number cannot fit.
            regions[i].lengths = 0;
            for (int len = 1; len <= 17; len++, v *= 10) {
                PhoneNumber probe;

                probe.set_country_code(regions[i].cc);
                probe.set_national_number(v);
                if (u->IsPossibleNumber(probe))
                    regions[i].lengths |= std::uint32_t{1} << len;
            }
        }
        util = u;
    } catch (...) {
        util = nullptr;
    }
    return util != nullptr;
}

int plan_intl(const char *d, size_t n)
{
    int best = PC__PLAN_NONE;

    if (!util)
        return best;
    try {
        // Country codes are prefix-free: at most one of 1..3 digits is
        // a country code.
        for (size_t k = 1; k <= 3 && k < n; k++) {
            int cc = 0;
            std::string r;
            PhoneNumber num;

            for (size_t i = 0; i < k; i++)
                cc = cc * 10 + (d[i] - '0');
            util->GetRegionCodeForCountryCode(cc, &r);
            if (r == "ZZ")
                continue;
            num.set_country_code(cc);
            // "+44 (0)20 ...": the trunk zero written after the code.
            size_t s = k;
            if (d[s] == '0' && cc != 39 && cc != 378 && cc != 379)
                s++;
            if (set_national(&num, d + s, n - s))
                best = fit(num, nullptr);
            break;
        }
    } catch (...) {
        best = PC__PLAN_NONE;
    }
    return best;
}

int plan_national(const char *d, size_t n, const char *skip,
                  const char **region)
{
    int best = PC__PLAN_NONE;

    if (region)
        *region = "";
    if (!util)
        return best;
    try {
        for (int i = 0; i < n_home && best < PC__PLAN_VALID; i++) {
            const std::string &t = regions[i].trunk;
            size_t s = 0;
            PhoneNumber num;
            int f;

            // Written nationally, a number starts with its region's trunk
            // prefix; North American numbers are written without their 1.
            if (!t.empty()) {
                if (n > t.size() && t.compare(0, t.size(), d, t.size()) == 0)
                    s = t.size();
                else if (regions[i].cc != 1)
                    continue;
            }
            if (n - s > 17 || !(regions[i].lengths >> (n - s) & 1))
                continue;
            num.set_country_code(regions[i].cc);
            if (!set_national(&num, d + s, n - s))
                continue;
            f = util->IsValidNumberForRegion(num, home[i])
                    ? PC__PLAN_VALID
                    : PC__PLAN_POSSIBLE;
            if (f > best) {
                best = f;
                if (region)
                    *region = home[i];
            }
        }
    } catch (...) {
        best = PC__PLAN_NONE;
    }
    return best;
}

} // namespace

extern "C" {
__attribute__((visibility("default"))) extern const pc__phone_module
    pc__phone_entry;
const pc__phone_module pc__phone_entry = {PC__PHONE_ABI, plan_load,
                                          plan_intl, plan_national};
}
