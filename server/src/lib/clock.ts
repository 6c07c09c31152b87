/** Where services get "now" from: injected so tests move time instead of waiting. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
