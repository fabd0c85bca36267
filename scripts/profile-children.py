#!/usr/bin/env python3
"""Splits the time under one frame of a speedscope trace (dotnet-trace convert --format speedscope) by its callees.

usage: scripts/profile-children.py TRACE.speedscope.json FRAME_SUBSTRING [DEPTH]

For each thread whose stacks contain FRAME_SUBSTRING, prints the milliseconds under the first matching frame and the
share of each callee path DEPTH frames deep (default 1): the inclusive breakdown that topN does not give.
"""
import json,sys,collections
d=json.load(open(sys.argv[1]))
frames=[f['name'] for f in d['shared']['frames']]
focus=sys.argv[2]
depth=int(sys.argv[3]) if len(sys.argv)>3 else 1
for p in d['profiles']:
    stack=[];last=None;child=collections.Counter();tot=0
    for e in p['events']:
        if last is not None and stack:
            w=e['at']-last
            names=[frames[i] for i in stack]
            idx=[i for i,n in enumerate(names) if focus in n]
            if idx:
                tot+=w;k=idx[0]
                key=' > '.join(n.split('(')[0][-60:] for n in names[k+1:k+1+depth]) or '<self>'
                child[key]+=w
        last=e['at']
        if e['type']=='O': stack.append(e['frame'])
        else: stack.pop()
    if tot:
        print(p['name'],'focus total ms',round(tot))
        for n,w in child.most_common(30): print('  %5.1f%% %s'%(100*w/tot,n))
