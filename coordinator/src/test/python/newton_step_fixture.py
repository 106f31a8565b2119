# Independent values for FederatedNewtonTest and NewtonStatisticsTest: python3 newton_step_fixture.py
import numpy as np
np.set_printoptions(precision=17)
# K=2, d=1 -> layout [w0_x, w0_b, w1_x, w1_b]
A=[(np.array([0.5,-1.0,2.0]),np.array([0,1,1])),(np.array([1.5,-0.5]),np.array([1,0]))]
w=np.array([0.2,-0.1,-0.3,0.1])
K,d=2,1; row=d+1; P=K*row
def sums(x,y,w,R=0):
    g=np.zeros(P); H=np.zeros((P,P)); G=np.zeros((row,row))
    for xi,yi in zip(x,y):
        xt=np.array([xi,1.0])
        if R>0 and np.linalg.norm(xt)>R: xt=xt*R/np.linalg.norm(xt)
        z=np.array([w[c*row:(c+1)*row]@xt for c in range(K)]); p=np.exp(z-z.max()); p/=p.sum()
        for c in range(K):
            g[c*row:(c+1)*row]+=(p[c]-(yi==c))*xt
            for c2 in range(K):
                H[c*row:(c+1)*row,c2*row:(c2+1)*row]+=p[c]*((c==c2)-p[c2])*np.outer(xt,xt)
        G+=np.outer(xt,xt)
    return g,H,G
def packed(M): return [M[i,j] for i in range(len(M)) for j in range(i,len(M))]
M=np.diag([1,0,1,0]).astype(float); B=np.diag([0,1,0,1]).astype(float)
gs=[];Hs=[]
for x,y in A:
    g,H,G=sums(x,y,w); gs.append(g); Hs.append(H)
    print('agent g',list(g)); print('agent Hpacked',packed(H))
n=5; penalty=1.0
gt=sum(gs)+penalty*M@w; Ht=sum(Hs)+penalty*M+1e-10*B
s=np.linalg.solve(Ht,gt); new=w-s; mb=(new[1]+new[3])/2; new[1]-=mb; new[3]-=mb
print('exact new',list(new))
# record: gram sums with clip R=1.5, z=2, m=2
R=1.5; z=2.0
Gs=[]
for x,y in A:
    g,H,G=sums(x,y,w,R); Gs.append(G); print('rec g',list(g)); print('rec Gpacked',packed(G))
Gt=sum(Gs); ev,V=np.linalg.eigh(Gt); Gp=(V*np.maximum(ev,0))@V.T
Ak=0.5*(np.eye(K)-np.ones((K,K))/K)
Bm=np.kron(Ak,Gp)+penalty*M+1e-10*B+np.sqrt(row)*z*R*R*np.sqrt(2)*np.eye(P)
gr=sum(sums(x,y,w,R)[0] for x,y in A)+penalty*M@w
s=np.linalg.solve(Bm,gr); new=w-s; mb=(new[1]+new[3])/2; new[1]-=mb; new[3]-=mb
print('record new',list(new))
