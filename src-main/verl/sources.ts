// The verl code this bridge was written against: every format, key and metric name in src-main/verl was read in
// these commits (with `git show`), and the export's manifest records them so a launch says which verl it targets.

/** verl-project/verl: the core library the PRIME recipe pins (verl-recipe prime/REQUIRED_VERL.txt, VERL_COMMIT). */
export const VERL_COMMIT = 'bcb638649a50e58494a8ddd92085ad1174f674b8'
/** volcengine/verl, the repository's older home: its FileLogger writes `{"step", "data"}` lines too. */
export const VERL_LEGACY_COMMIT = 'b178a3cd56f58b2d502255daba591e92833930a7'
/** verl-project/verl-recipe: prime/ (main_prime.py, config/prime_trainer.yaml, prime_ray_trainer.py, run_prime_qwen.sh). */
export const RECIPE_COMMIT = '48ea0a797fa29867ea0ad92aff7d284eec7d4be3'
/** The last commit of verl-recipe that touched prime/. */
export const RECIPE_PRIME_FOLDER_COMMIT = 'e7f889574b8301cc0f0fc1d57c6d67f31ffeb689'
