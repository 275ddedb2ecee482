import { renderTemplate, templateOf } from './template-catalogue';

// As GET /{waba-id}/message_templates lists them.
const positional = templateOf({
  name: 'order_update',
  language: 'id',
  status: 'APPROVED',
  category: 'UTILITY',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Pesanan' },
    { type: 'BODY', text: 'Halo {{1}}, pesanan {{2}} sedang dikirim.', example: { body_text: [['Budi', 'A-4711']] } },
  ],
});
const named = templateOf({
  name: 'eta_notice',
  language: 'en',
  status: 'APPROVED',
  parameter_format: 'NAMED',
  components: [
    {
      type: 'BODY',
      text: 'We expect to reply by {{eta}}, {{first_name}}.',
      example: { body_text_named_params: [{ param_name: 'eta', example: '5 pm' }] },
    },
  ],
});

describe('WhatsApp template catalogue', () => {
  it('lists the body’s parameters with Meta’s examples', () => {
    expect(positional.parameters).toEqual([
      { key: '1', named: false, example: 'Budi' },
      { key: '2', named: false, example: 'A-4711' },
    ]);
    expect(named.parameters).toEqual([
      { key: 'eta', named: true, example: '5 pm' },
      { key: 'first_name', named: true },
    ]);
  });

  it('renders what the customer reads and the parameters in the Cloud API’s order', () => {
    expect(renderTemplate(positional, { '2': 'A-4711', '1': 'Budi' })).toEqual({
      ok: true,
      text: 'Halo Budi, pesanan A-4711 sedang dikirim.',
      template: { name: 'order_update', language: 'id', bodyParameters: [{ text: 'Budi' }, { text: 'A-4711' }] },
    });
    expect(renderTemplate(named, { eta: '5 pm', first_name: 'Ann' })).toMatchObject({
      ok: true,
      template: {
        bodyParameters: [
          { text: '5 pm', name: 'eta' },
          { text: 'Ann', name: 'first_name' },
        ],
      },
    });
  });

  it('refuses a missing or blank value, and a parameter the template does not have, naming it', () => {
    expect(renderTemplate(positional, { '1': 'Budi' })).toEqual({
      ok: false,
      field: 'parameters.2',
      message: 'a value is required for {{2}}',
    });
    expect(renderTemplate(positional, { '1': 'Budi', '2': '  ' })).toMatchObject({ ok: false, field: 'parameters.2' });
    expect(renderTemplate(positional, { '1': 'a', '2': 'b', '3': 'c' })).toMatchObject({ ok: false, field: 'parameters.3' });
  });
});
