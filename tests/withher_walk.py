# withher_walk.py FORMS_DIR: for ui_withher.sh, every shipped form answered in full.
# Prints one line per form: FORM<TAB>KIND<TAB>key=value... with every field answered;
# text-like fields carry a marker: FIT_form_key where the field is marked show_her,
# UNFIT_form_key where not.
import sys, glob, os, yaml, datetime
forms_dir = sys.argv[1]
lists = {}
forms = []
for f in sorted(glob.glob(os.path.join(forms_dir, '*.yaml'))):
    d = yaml.safe_load(open(f))
    if 'list' in d:
        lists[d['list']] = [i['key'] for i in d.get('items', []) if not i.get('retired')]
    elif 'form' in d:
        forms.append(d)
tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
today = datetime.date.today().isoformat()
n = 0
for d in forms:
    out = []
    for s in d.get('sections', []):
        for fl in s.get('fields', []):
            if fl.get('retired') or fl['key'] in ('closed_on', 'ended_on', 'resolved_on', 'done_on', 'channel_override'):
                continue
            t = fl.get('type', 'text'); k = fl['key']
            if t in ('text', 'multiline'):
                n += 1
                out.append('%s=%s_%s_%s%s' % (k, 'FIT' if fl.get('show_her') else 'UNFIT',
                                              d['form'], k,
                                              '@example.org' if '@' in fl.get('pattern', '') else ''))
            elif t in ('choice', 'lookup', 'multi_choice'):
                items = lists.get(fl.get('list')) if fl.get('list') else [o['key'] for o in fl.get('options', [])]
                if items:
                    out.append('%s=%s' % (k, items[0]))
            elif t == 'date':
                out.append('%s=%s' % (k, today))
            elif t == 'datetime':
                out.append('%s=%sT10:00:00Z' % (k, tomorrow if d.get('record') == 'appointment' else yesterday))
            elif t == 'number':
                out.append('%s=%s' % (k, int(fl.get('min', 1))))
            elif t == 'yes_no_unknown':
                out.append('%s=no' % k)
            elif t == 'phone':
                out.append('%s=020 7946 0%03d' % (k, n))
    print('%s\t%s\t%s' % (d['form'], d.get('record', ''), '\t'.join(out)))
