import { validateComposeSchema } from '../../compose/schema';
import type { ComposeRule } from '../../rule';

export const dw201: ComposeRule = {
  code: 'DW201',
  target: 'compose',
  title: 'Compose file is not valid',
  defaultSeverity: 'error',
  description:
    'The file must be valid YAML and follow the compose specification (the official compose-spec JSON schema). ' +
    'Docker Compose refuses a file with an unknown key, a wrong type or a YAML syntax error, so nothing else in it can run.',
  fixTitles: [],
  check({ model }) {
    if (model.syntaxErrors.length > 0) return model.syntaxErrors.map((e) => ({ range: e.range, message: `YAML: ${e.message}` }));
    return validateComposeSchema(model).map((p) => ({ range: p.range, message: p.message }));
  },
};
