#!/usr/bin/env python3
# Generates a realistic inventory in cloudcost's own CSV format (docs/INVENTORY.md) for the plan
# benchmark: python3 bench/gen_inventory.py 10000 inv10k.csv (seed 42, so runs compare).
# Sizes 1-32 vCPU weighted towards 2-4, 2-8 GiB per vCPU, about 7 % powered off, applications of
# 1-10 VMs with one environment and criticality each, P95 CPU/memory over 30 days.
import random, csv, sys
random.seed(42)
n=int(sys.argv[1]); out=sys.argv[2]
with open(out,'w',newline='') as f:
    w=csv.writer(f)
    w.writerow("name,vcpus,memory_mib,disk_gib,power,os,firmware,cluster,application,environment,criticality,cpu_util,memory_util,util_statistic,util_window_days,tags,depends_on,licences".split(','))
    app=0; left=0
    for i in range(n):
        if left==0:
            app+=1; left=random.randint(1,10)
            env=random.choice(['prod','prod','test','dev'])
            crit=random.choice(['low','medium','high','mission-critical'])
        left-=1
        v=random.choices([1,2,4,8,16,32],[5,30,30,20,10,5])[0]
        mem=int(v*random.choice([2,4,4,8])*1024)
        on=random.random()>0.07
        os_=random.choice(['Ubuntu 22.04 LTS','Red Hat Enterprise Linux 8','Red Hat Enterprise Linux 9','Microsoft Windows Server 2019 Datacenter (64-bit)'])
        cpu=round(random.uniform(0.03,0.9),3); memu=round(random.uniform(0.15,0.95),3)
        w.writerow([f"vm{i:05d}",v,mem,random.choice([40,80,200,500]),'on' if on else 'off',os_,'efi',f"cl-{app%20:02d}",f"app{app:04d}",env,crit,cpu,memu,'p95',30,'',"",""])
