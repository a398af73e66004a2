import { defaultRules } from '../shared/engine/default-rules.ts';
import { provePattern } from '../shared/engine/regex-safety.ts';
import { analysisForm } from '../shared/engine/regex-analysis-form.ts';
for (const s of ['^(?:(?:ab|abc)(?:cd|d)e){1,60}$','(?:(?:ab|abc)(?:cd|d)e){60}$', '\\d{0,99}\\d{0,99}x', '(a+)+$', '\\d{0,9}\\d{0,9}\\d{0,9}x']) console.log(s, JSON.stringify(provePattern(s,'',5000)));
for (const rule of defaultRules()) for (const p of [...rule.conditions.patterns.map(p=>({s:p.regex,f:p.flags})), ...(rule.conditions.exclusions?.patterns??[]).map(s=>({s,f:'u'}))]) {
  const t=Date.now();
  const v = provePattern(p.s, p.f, 5000);
  if (!v.safe || Date.now()-t > 300) console.log(JSON.stringify(v), Date.now()-t, p.s, '\n   ', JSON.stringify(analysisForm(p.s)));
}
