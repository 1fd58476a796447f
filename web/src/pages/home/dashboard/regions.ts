// Region names for GB/T 2260 codes, from the platform's data file data/accounts/regions.json (province
// level, with its source): a code below province level is named by its province (first two digits).
import regions from '../../../../../data/accounts/regions.json';

const byCode = new Map(regions.regions.map((r) => [r.code, r]));

export function regionName(code: string, language: string): string {
  const region = byCode.get(code) ?? byCode.get(`${code.slice(0, 2)}0000`);
  if (!region) return code;
  return language === 'en-US' ? region['en-US'] : region['zh-CN'];
}

export const REGIONS_SOURCE = regions.source;
