/** Injection token for the marking assumed on objects stored without one (a `TlpLevel`; default AMBER). */
export const POLICY_DEFAULT_TLP = Symbol('POLICY_DEFAULT_TLP');
