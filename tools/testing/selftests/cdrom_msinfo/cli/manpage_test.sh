#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# msinfo.1 against the code, both ways: the keys of msinfo --json's
# document and its schema version, the module's parameters with their
# defaults, the exit statuses msinfo uses (and --help's list of them), the
# udev properties of msinfo --udev (also in the guide's table), and the
# variables of the module's uevent (in the rules, the guide and the ABI
# document).  Prints TAP.
#
# Usage: MSINFO=path/to/msinfo manpage_test.sh

set -u

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=sysfs_lib.sh
. "$here/sysfs_lib.sh"
man=$top/tools/msinfo/msinfo.1

echo "TAP version 13"
command -v jq >/dev/null || skip_all "jq not installed"

# section NAME: the lines of msinfo.1's section NAME, without its .SH line.
section() {
	awk -v name="$1" '
		/^\.SH/ { on = $0 == ".SH " name || $0 == ".SH \"" name "\""
			  next }
		on' "$man"
}

# terms NAME: the terms of the .TP items of section NAME, one a line: the
# words of the font macro line after each .TP, without its quoted
# separators.
terms() {
	section "$1" | awk '
		tp && /^\.[BI]/ {
			sub(/^\.[A-Z]+ */, "")
			gsub(/"[^"]*"/, " ")
			n = split($0, w, " ")
			for (i = 1; i <= n; i++)
				print w[i]
		}
		{ tp = $0 == ".TP" }' | sort -u
}

# item SECTION TERM: the text of the .TP item of SECTION whose term names
# TERM, up to the next item, paragraph or section.
item() {
	section "$1" | awk -v term="$2" '
		/^\.(TP|PP|SH)/ { on = 0 }
		tp { on = (" " $0 " ") ~ ("[ \"]" term "[ \"]") }
		{ tp = $0 == ".TP" }
		on'
}

# same NAME DOCUMENTED CODE: the two sets (one a line) are equal.
same() {
	local missing extra
	missing=$(comm -13 <(printf '%s\n' "$2" | sort -u) \
		<(printf '%s\n' "$3" | sort -u))
	extra=$(comm -23 <(printf '%s\n' "$2" | sort -u) \
		<(printf '%s\n' "$3" | sort -u))
	if [ -z "$missing$extra" ]; then
		pass "$1"
	else
		fail "$1" "undocumented: ${missing//$'\n'/ }" \
			"documented, not in the code: ${extra//$'\n'/ }"
	fi
}

# --- JSON: every key of the document, the schema version ---

cdr_state | drive "$work/sys" sr0
json=$(MSINFO_SYSFS=$work/sys "$MSINFO" --json)
keys=$(printf '%s' "$json" | jq -r '[paths | .[] | strings] | unique | .[]')
if [ -n "$keys" ]; then
	same "msinfo.1 lists every key of the JSON document, and no other" \
		"$(terms JSON)" "$keys"
else
	fail "msinfo.1 lists every key of the JSON document" "no keys: $json"
fi

version=$(printf '%s' "$json" | jq -r .schema_version 2>/dev/null)
if [[ $version =~ ^[0-9]+$ ]] &&
	section JSON | grep -q "^ *{\?\"schema_version\": $version,"; then
	pass "msinfo.1 shows schema_version $version, the one msinfo prints"
else
	fail "msinfo.1 shows the schema_version msinfo prints" \
		"msinfo prints '$version'"
fi

# --- the module's parameters, with their defaults ---

params=$(perl -ne 'print "$1\n" if /^\s*module_param(?:_named)?\(\s*(\w+)/' \
	"$top"/drivers/cdrom/msinfo/*.c | sort -u)
same "msinfo.1 lists every module parameter, and no other" \
	"$(terms "MODULE PARAMETERS")" "$params"

bad=()
for p in $params; do
	# the variable a parameter sets, and its initial value
	def=$(perl -0ne '
		if (/module_param_named\(\s*'"$p"'\s*,\s*(\w+)/ ||
		    /module_param\(\s*('"$p"')\s*,/) {
			my $v = $1;
			print $1 if /\b\Q$v\E\s*=\s*(\d+)\s*;/;
		}' "$top"/drivers/cdrom/msinfo/*.c)
	if [ -z "$def" ]; then
		bad+=("$p: no initial value found in the code")
	elif ! item "MODULE PARAMETERS" "$p" | grep -qw "$def"; then
		bad+=("$p: default $def not in msinfo.1")
	fi
done
result "msinfo.1 gives each module parameter's default, as the code" \
	"$(printf '%s\n' "${bad[@]}" | sed '/^$/d')"

# --- exit statuses ---

codes=$(perl -ne 'print "$1\n" if /\bMSI_EXIT_\w+\s*=\s*(\d+)/' \
	"$top"/tools/msinfo/*.[ch] | sort -u)
same "msinfo.1 lists every exit status msinfo uses, and no other" \
	"$(terms "EXIT STATUS")" "$codes"

helped=$("$MSINFO" --help | sed -n '/^Exit status:/,$p' |
	grep -oE '(^|[ :,])[0-9]+ [a-z]' | grep -oE '[0-9]+' | sort -u)
same "--help lists every exit status msinfo uses" "$helped" "$codes"

# --- udev properties and the module's uevent variables ---

guide=$top/Documentation/admin-guide/cdrom-msinfo.rst
rules=$top/tools/udev/61-cdrom-msinfo.rules
# the keys msinfo --udev prints: udev_prop("KEY") and udev_u64("KEY") add
# them to ID_CDROM_MSINFO, the list of types is printed whole
props=$(perl -ne '
	print "ID_CDROM_MSINFO", ($1 eq "" ? "" : "_$1"), "\n"
		while /\budev_(?:prop|u64)\("(\w*)"/g;
	print "$1\n" while /"(ID_CDROM_MSINFO_\w+)=/g;' "$top/tools/msinfo/text.c" |
	sort -u)
same "msinfo.1 lists every udev property msinfo --udev prints, and no other" \
	"$(terms "UDEV PROPERTIES")" "$props"
same "the guide's table lists every udev property, and no other" \
	"$(sed -n '/^udev properties$/,/^The module.s own/p' "$guide" |
		tr -d '`' | grep -oE '^ID_CDROM_MSINFO\w*')" "$props"

# the rule that maps the module's uevent: each variable onto the property
# of its name, which msinfo --udev prints too
vars=$(perl -ne 'print "$1\n" while /"(MSINFO_\w+)=/g' \
	"$top/drivers/cdrom/msinfo/msinfo_uevent.c" | sort -u)
mapped=$(perl -ne 'print "$2\n" while /ENV\{ID_CDROM_(MSINFO_\w+)\}="\$env\{(\1)\}"/g' \
	"$rules" | sort -u)
same "the rules map every variable of the module's uevent, and no other" \
	"$mapped" "$vars"
unprinted=$(comm -23 <(printf '%s\n' "$mapped" | sed 's/^/ID_CDROM_/') \
	<(printf '%s\n' "$props"))
result "the rules map the uevent onto properties msinfo --udev prints" \
	"${unprinted:+not printed by msinfo --udev: ${unprinted//$'\n'/ }}"
same "the guide names every variable of the module's uevent, and no other" \
	"$(sed -n '/^The module.s own .*change.* event$/,/^$/p' "$guide" |
		grep -oE '\bMSINFO_\w+')" "$vars"
same "the ABI document names every variable of the module's uevent" \
	"$(grep -oE '\bMSINFO_[A-Z_]+\b' \
		"$top/Documentation/ABI/testing/sysfs-block-multisession" |
		grep -v '_$' | sort -u)" "$vars"

echo "1..$ntest"
[ "$nfail" = 0 ]
