/** Badge colours of account states, dark enough for 4.5:1 contrast on white. */
export const STATUS_COLORS = { invited: 'blue.9', active: 'teal.9', disabled: 'red.9' } as const;
