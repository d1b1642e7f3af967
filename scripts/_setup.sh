# Sourced by the commands in scripts/ (serve, test, new-practice, validate, issue-forms):
# creates .venv and installs what the project needs, once per change of the requirement files.
# Usage: source scripts/_setup.sh [dev|python]
#   (nothing)  the site's Python packages and the npm packages (scripts/serve)
#   dev        the same and the development tools (scripts/test)
#   python     the site's Python packages only (the authors' commands: no Node.js needed)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${GP_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
mode="${1:-}"
want="requirements.txt"
if [ "$mode" = "dev" ]; then want="requirements-dev.txt"; fi

# Authors run these commands too: what they may see is in the language of their system
# (LC_ALL, LC_MESSAGES, LANG), as in scripts/new_practice.py.
_gp_say() {
  local locale="${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}" lang
  lang="${locale%%[_.@]*}"
  case "$lang" in pl|cs|sl|nb) ;; no|nn) lang=nb ;; *) lang=en ;; esac
  local key="$1"; shift
  local text
  case "$key.$lang" in
    no-python.en) text="setup: %s not found; install Python 3.11 or newer (Debian, Ubuntu: apt-get install python3 python3-venv)" ;;
    no-python.pl) text="setup: nie znaleziono %s; zainstaluj Pythona 3.11 lub nowszego (Debian, Ubuntu: apt-get install python3 python3-venv)" ;;
    no-python.cs) text="setup: %s nenalezen; nainstalujte Python 3.11 nebo novější (Debian, Ubuntu: apt-get install python3 python3-venv)" ;;
    no-python.sl) text="setup: %s ni najden; namestite Python 3.11 ali novejši (Debian, Ubuntu: apt-get install python3 python3-venv)" ;;
    no-python.nb) text="setup: fant ikke %s; installer Python 3.11 eller nyere (Debian, Ubuntu: apt-get install python3 python3-venv)" ;;
    old-python.en) text="setup: %s is Python %s; Python 3.11 or newer is needed (or name another one: PYTHON=python3.12 %s)" ;;
    old-python.pl) text="setup: %s to Python %s; potrzebny jest Python 3.11 lub nowszy (albo wskaż inny: PYTHON=python3.12 %s)" ;;
    old-python.cs) text="setup: %s je Python %s; je potřeba Python 3.11 nebo novější (nebo zadejte jiný: PYTHON=python3.12 %s)" ;;
    old-python.sl) text="setup: %s je Python %s; potreben je Python 3.11 ali novejši (ali navedite drugega: PYTHON=python3.12 %s)" ;;
    old-python.nb) text="setup: %s er Python %s; Python 3.11 eller nyere trengs (eller oppgi en annen: PYTHON=python3.12 %s)" ;;
    creating.en) text="setup: creating the virtual environment in %s (only the first time)" ;;
    creating.pl) text="setup: tworzenie środowiska wirtualnego w %s (tylko za pierwszym razem)" ;;
    creating.cs) text="setup: vytváří se virtuální prostředí v %s (jen poprvé)" ;;
    creating.sl) text="setup: ustvarjanje navideznega okolja v %s (samo prvič)" ;;
    creating.nb) text="setup: lager det virtuelle miljøet i %s (bare første gang)" ;;
    no-venv.en) text="setup: cannot create a virtual environment; install the python3-venv package (apt-get install python3-venv)" ;;
    no-venv.pl) text="setup: nie można utworzyć środowiska wirtualnego; zainstaluj pakiet python3-venv (apt-get install python3-venv)" ;;
    no-venv.cs) text="setup: virtuální prostředí nelze vytvořit; nainstalujte balíček python3-venv (apt-get install python3-venv)" ;;
    no-venv.sl) text="setup: navideznega okolja ni mogoče ustvariti; namestite paket python3-venv (apt-get install python3-venv)" ;;
    no-venv.nb) text="setup: kan ikke lage et virtuelt miljø; installer pakken python3-venv (apt-get install python3-venv)" ;;
    installing.en) text="setup: installing the Python packages (%s); this takes a minute, once" ;;
    installing.pl) text="setup: instalowanie pakietów Pythona (%s); to potrwa chwilę, tylko raz" ;;
    installing.cs) text="setup: instalují se balíčky Pythonu (%s); chvíli to potrvá, jen jednou" ;;
    installing.sl) text="setup: nameščanje paketov za Python (%s); to traja minuto, samo enkrat" ;;
    installing.nb) text="setup: installerer Python-pakkene (%s); det tar et minutt, bare én gang" ;;
    no-npm.en) text="setup: npm not found; install Node.js and npm (Debian, Ubuntu: apt-get install nodejs npm), then run this again" ;;
    no-npm.pl) text="setup: nie znaleziono npm; zainstaluj Node.js i npm (Debian, Ubuntu: apt-get install nodejs npm) i uruchom polecenie ponownie" ;;
    no-npm.cs) text="setup: npm nenalezen; nainstalujte Node.js a npm (Debian, Ubuntu: apt-get install nodejs npm) a spusťte příkaz znovu" ;;
    no-npm.sl) text="setup: npm ni najden; namestite Node.js in npm (Debian, Ubuntu: apt-get install nodejs npm) in ukaz zaženite znova" ;;
    no-npm.nb) text="setup: fant ikke npm; installer Node.js og npm (Debian, Ubuntu: apt-get install nodejs npm), og kjør kommandoen på nytt" ;;
    installing-npm.en) text="setup: installing the npm packages (package-lock.json); only the first time" ;;
    installing-npm.pl) text="setup: instalowanie pakietów npm (package-lock.json); tylko za pierwszym razem" ;;
    installing-npm.cs) text="setup: instalují se balíčky npm (package-lock.json); jen poprvé" ;;
    installing-npm.sl) text="setup: nameščanje paketov npm (package-lock.json); samo prvič" ;;
    installing-npm.nb) text="setup: installerer npm-pakkene (package-lock.json); bare første gang" ;;
    build-lang.en) text="serve: --lang chooses the languages of the preview; --build always builds every language (run ./scripts/serve --lang %s to preview)" ;;
    build-lang.pl) text="serve: --lang wybiera języki podglądu; --build zawsze buduje wszystkie języki (podgląd: ./scripts/serve --lang %s)" ;;
    build-lang.cs) text="serve: --lang volí jazyky náhledu; --build vždy sestaví všechny jazyky (náhled: ./scripts/serve --lang %s)" ;;
    build-lang.sl) text="serve: --lang izbere jezike predogleda; --build vedno zgradi vse jezike (predogled: ./scripts/serve --lang %s)" ;;
    build-lang.nb) text="serve: --lang velger språkene i forhåndsvisningen; --build bygger alltid alle språk (forhåndsvisning: ./scripts/serve --lang %s)" ;;
  esac
  # shellcheck disable=SC2059 # the texts above are the format strings
  printf "$text\n" "$@" >&2
}

if [ ! -x "$VENV/bin/python" ]; then
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    _gp_say no-python "$PYTHON"
    exit 2
  fi
  if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    _gp_say old-python "$PYTHON" "$("$PYTHON" -c 'import platform; print(platform.python_version())' 2>/dev/null || echo '?')" "$0"
    exit 2
  fi
  _gp_say creating "$VENV"
  venv_was_there=0
  if [ -e "$VENV" ]; then venv_was_there=1; fi
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    # Without python3-venv, Debian's venv leaves a folder with a python but no pip: the next
    # run would take it as set up.
    if [ "$venv_was_there" = "0" ]; then rm -rf "$VENV"; fi
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
      "$PYTHON" -m venv "$VENV"
    else
      _gp_say no-venv
      exit 2
    fi
  fi
fi
_gp_stamp() { echo "$VENV/.installed-$(cat "$ROOT/$1" "$ROOT/requirements.txt" "$ROOT/pyproject.toml" | sha256sum | cut -c1-16)"; }
stamp="$(_gp_stamp "$want")"
# The development requirements include the site's (`-r requirements.txt`): after scripts/test,
# scripts/serve and the authors' commands install nothing.
if [ ! -f "$stamp" ] && ! { [ "$want" = "requirements.txt" ] && [ -f "$(_gp_stamp requirements-dev.txt)" ]; }; then
  _gp_say installing "$want"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null || true
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/$want"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e "$ROOT"
  rm -f "$VENV"/.installed-*
  touch "$stamp"
fi
# Build-time data from npm (package.json): the map's country boundaries (world-atlas).
if [ "$mode" != "python" ] && { [ ! -f "$ROOT/node_modules/.package-lock.json" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; }; then
  if ! command -v npm >/dev/null 2>&1; then
    _gp_say no-npm
    exit 2
  fi
  _gp_say installing-npm
  (cd "$ROOT" && npm ci --no-audit --no-fund --silent >/dev/null)
fi
export PATH="$VENV/bin:$PATH"
# Material 9.8 prints an end-of-life banner on every command; the notice is in the README.
export NO_MKDOCS_2_WARNING=1
