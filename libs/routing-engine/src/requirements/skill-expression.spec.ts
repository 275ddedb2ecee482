import { matchesSkills, proficiencyScore, validateSkillExpression } from './skill-expression';
import { stepIndexAt, stepStartOffsets, validateRelaxationSteps } from './relaxation';

describe('skill expressions', () => {
  const agent = { support: 4, 'lang:fr': 2 };

  it('requires the minimum level of a skill, level 1 when none is given', () => {
    expect(matchesSkills({ skill: 'support', minLevel: 4 }, agent)).toBe(true);
    expect(matchesSkills({ skill: 'support', minLevel: 5 }, agent)).toBe(false);
    expect(matchesSkills({ skill: 'lang:fr' }, agent)).toBe(true);
    expect(matchesSkills({ skill: 'lang:de' }, agent)).toBe(false);
  });

  it('combines requirements with allOf and anyOf', () => {
    expect(matchesSkills({ allOf: [{ skill: 'support' }, { skill: 'lang:fr', minLevel: 3 }] }, agent)).toBe(false);
    expect(matchesSkills({ anyOf: [{ skill: 'lang:de' }, { skill: 'lang:fr' }] }, agent)).toBe(true);
    expect(matchesSkills({ anyAgent: true }, {})).toBe(true);
  });

  it('scores proficiency on the skills the expression names only', () => {
    expect(proficiencyScore({ allOf: [{ skill: 'support' }, { skill: 'lang:fr' }] }, { ...agent, billing: 5 })).toBe(6);
    expect(proficiencyScore({ anyOf: [{ skill: 'support' }, { skill: 'lang:fr' }] }, agent)).toBe(4);
  });

  it('refuses malformed expressions with the path of the problem', () => {
    expect(() => validateSkillExpression({ allOf: [] }, 'q')).toThrow(/q: allOf must be a non-empty array/);
    expect(() => validateSkillExpression({ allOf: [{ skill: 'x', minLevel: 9 }] }, 'q')).toThrow(/q.allOf\[0\].minLevel/);
    expect(() => validateSkillExpression({ level: 3 }, 'q')).toThrow(/expected one of/);
  });
});

describe('relaxation steps', () => {
  const steps = [
    { requires: { skill: 'support', minLevel: 4 }, forSeconds: 20 },
    { requires: { skill: 'support', minLevel: 2 }, forSeconds: 40 },
    { requires: { anyAgent: true as const } },
  ];

  it('applies each step for its duration, then the next, the last for good', () => {
    const starts = stepStartOffsets(steps);
    expect(starts).toEqual([0, 20_000, 60_000]);
    expect([0, 19_999, 20_000, 59_999, 60_000, 1e9].map((ms) => stepIndexAt(starts, ms))).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('needs a duration on every step but the last', () => {
    expect(() => validateRelaxationSteps([{ requires: { anyAgent: true } }, { requires: { anyAgent: true } }], 'q')).toThrow(
      /every step but the last/,
    );
    expect(() => validateRelaxationSteps([], 'q')).toThrow(/at least one/);
  });
});
