/** credlink:audit:*: the account's CloudTrail trail and the rules that page on attempts to erase the evidence or blind its record. */
export * from "./trail";
export * from "./alerts";
