// The character tokenizer's fixed special tokens, shared by the tokenizer and its tokenizer.json form.
// Their ids are their indices: PAD = 0, BOS = 1, EOS = 2; characters start at FIRST_CHAR_ID.
export const CHAR_SPECIAL_TOKENS = ['<|pad|>', '<|bos|>', '<|eos|>'] as const
export const FIRST_CHAR_ID = CHAR_SPECIAL_TOKENS.length
