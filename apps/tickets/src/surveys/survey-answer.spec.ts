import { parseSurveyAnswer } from './survey-answer';

describe(parseSurveyAnswer.name, () => {
  it('reads a bare CSAT score', () => {
    expect(parseSurveyAnswer('5', 'csat')).toEqual({ score: 5, comment: null });
    expect(parseSurveyAnswer('  4/5 ', 'csat')).toEqual({ score: 4, comment: null });
  });

  it('keeps the comment after the score, in any language', () => {
    expect(parseSurveyAnswer('3, pelayanannya lama sekali', 'csat')).toEqual({ score: 3, comment: 'pelayanannya lama sekali' });
    expect(parseSurveyAnswer('9 - great help from Alice', 'nps')).toEqual({ score: 9, comment: 'great help from Alice' });
    expect(parseSurveyAnswer('2\nStill waiting for my refund', 'csat')).toEqual({ score: 2, comment: 'Still waiting for my refund' });
  });

  it('takes 0 to 10 for NPS and 1 to 5 for CSAT only', () => {
    expect(parseSurveyAnswer('0', 'nps')).toEqual({ score: 0, comment: null });
    expect(parseSurveyAnswer('10', 'nps')).toEqual({ score: 10, comment: null });
    expect(parseSurveyAnswer('0', 'csat')).toBeNull();
    expect(parseSurveyAnswer('7', 'csat')).toBeNull();
  });

  it('does not take an ordinary message for an answer', () => {
    expect(parseSurveyAnswer('My order 12345 has not arrived', 'csat')).toBeNull();
    expect(parseSurveyAnswer('12345 is my order number', 'nps')).toBeNull();
    expect(parseSurveyAnswer('2nd time I write about this', 'csat')).toBeNull();
    expect(parseSurveyAnswer('', 'csat')).toBeNull();
  });
});
